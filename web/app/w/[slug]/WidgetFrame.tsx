'use client';

import { useCallback, useEffect, useRef } from 'react';
import { envelope, type FrameToLoader } from '../../../../protocol/widget';
import { JoinFlow } from '../../join/JoinFlow';
import type { ChannelEntry } from '../../c/[slug]/ChannelForm';
import type { CustomerClient, CustomerState } from '../../../../client/customer-client';

/**
 * The session inside the company's page. It tells the loader (its parent, at the host origin the server
 * checked) only when the customer should look: a message from the technician or a question for them.
 */
export function WidgetFrame({ entry, host, codeOnly }: { entry: ChannelEntry; host: string; codeOnly: boolean }) {
  const seen = useRef({ messages: 0, asked: false });
  const watch = useCallback((client: CustomerClient) => {
    const tell = (message: FrameToLoader) => {
      if (window.parent !== window) window.parent.postMessage(envelope(message), host);
    };
    const check = () => {
      const state: CustomerState = client.state.get();
      const fromTechnician = state.messages.filter((m) => m.from === 'technician').length;
      const asked = Boolean(client.control.state.get().request) || state.phase === 'consent';
      if (fromTechnician > seen.current.messages || (asked && !seen.current.asked)) tell({ kind: 'attention' });
      if (state.phase === 'ended') tell({ kind: 'ended' });
      seen.current = { messages: fromTechnician, asked };
    };
    const stops = [client.state.subscribe(check), client.control.state.subscribe(check)];
    return () => stops.forEach((stop) => stop());
  }, [host]);
  useEffect(() => document.documentElement.classList.add('in-widget'), []);
  return <JoinFlow channel={codeOnly ? undefined : entry} onClient={watch} embedded />;
}
