import { useCallback, useMemo, useRef } from 'react';
import { envelope, type FrameToLoader, loaderMessage, type WidgetRedaction } from '../../protocol/widget';
import type { CobrowseHost, CustomerClient, CustomerState } from '../../client/customer-client';
import { JoinFlow } from './JoinFlow';
import type { ChannelEntry } from './ChannelForm';

/**
 * The session inside the company's page. It tells the loader (its parent, at the host origin the server
 * checked) when the customer should look, whether a session runs, and, once the customer agreed, what the page's
 * co-browse recorder and executor must do; it takes from the page only its recording and reports.
 */
export function WidgetFrame({ entry, host, codeOnly, redaction }: { entry: ChannelEntry; host: string; codeOnly: boolean; redaction: WidgetRedaction }) {
  const seen = useRef({ messages: 0, asked: false, active: false });
  const cobrowseHost = useMemo<CobrowseHost | null>(() => {
    if (typeof window === 'undefined' || window.parent === window) return null;
    return {
      post: (message) => window.parent.postMessage(envelope(message), host),
      listen: (listener) => {
        const onMessage = (event: MessageEvent) => {
          // Only the page that framed us, from the origin the server allowed.
          if (event.source !== window.parent || event.origin !== host) return;
          const message = loaderMessage(event.data);
          if (message) listener(message);
        };
        window.addEventListener('message', onMessage);
        return () => window.removeEventListener('message', onMessage);
      },
    };
  }, [host]);

  const watch = useCallback((client: CustomerClient) => {
    const tell = (message: FrameToLoader) => cobrowseHost?.post(message);
    const check = () => {
      const state: CustomerState = client.state.get();
      const fromTechnician = state.messages.filter((m) => m.from === 'technician').length;
      const asked = Boolean(client.control.state.get().request) || state.phase === 'consent' || client.cobrowse.state.get().requested;
      const active = state.phase === 'consent' || state.phase === 'in-session';
      if (fromTechnician > seen.current.messages || (asked && !seen.current.asked)) tell({ kind: 'attention' });
      if (active !== seen.current.active) tell({ kind: 'session', active });
      seen.current = { messages: fromTechnician, asked, active };
    };
    const stops = [client.state.subscribe(check), client.control.state.subscribe(check), client.cobrowse.state.subscribe(check)];
    return () => stops.forEach((stop) => stop());
  }, [cobrowseHost]);

  return <JoinFlow channel={codeOnly ? undefined : entry} onClient={watch} embedded clientOptions={{ cobrowseHost, redaction }} />;
}
