import { useTranslations } from 'next-intl';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { Attention } from '../../client/attention';
import type { CustomerClient, CustomerState } from '../../client/customer-client';

/**
 * While the page is hidden, a new message or request from the technician flashes the tab's title and plays a
 * tone (client/attention.ts). Returns the customer's mute switch. Off inside the widget's frame: its title is
 * not the tab's, and the frame already tells the company's page to open the widget.
 */
export function useAttention(client: CustomerClient, state: CustomerState, enabled: boolean, helper: string) {
  const t = useTranslations('join');
  const [attention] = useState(() =>
    typeof document === 'undefined' ? null : new Attention({ document, storage: safeStorage() }),
  );
  useEffect(() => () => attention?.dispose(), [attention]);
  const muted = useSyncExternalStore(attention?.muted.subscribe ?? noSubscribe, attention?.muted.get ?? no, no);
  const control = useSyncExternalStore(client.control.state.subscribe, client.control.state.get, client.control.state.get);
  const cobrowse = useSyncExternalStore(client.cobrowse.state.subscribe, client.cobrowse.state.get, client.cobrowse.state.get);
  const files = useSyncExternalStore(client.files.state.subscribe, client.files.state.get, client.files.state.get);
  const call = useSyncExternalStore(client.call.state.subscribe, client.call.state.get, client.call.state.get);

  useEffect(() => {
    if (!attention || !enabled) return;
    const requests = [
      ...files.requests.filter((r) => r.direction === 'incoming' && r.state === 'open').map((r) => `file-request:${r.id}`),
      ...files.transfers.filter((f) => f.direction === 'incoming' && f.state === 'offered').map((f) => `file:${f.id}`),
      ...state.pushedUrls.map((u) => `link:${u.id}`),
      ...(call.phase === 'incoming' ? ['call'] : []),
      ...(control.request ? [`control:${control.request.control.mode}`] : []),
      ...(cobrowse.requested ? ['cobrowse'] : []),
      ...(state.peer?.otherScreenRequested ? ['other-screen'] : []),
    ];
    const messages = state.messages.filter((m) => m.from !== 'customer').map((m) => `message:${m.id}`);
    attention.observe([...messages, ...requests], (fresh) =>
      fresh.some((key) => !key.startsWith('message:')) ? t('attentionRequest', { helper }) : t('attentionMessage', { helper }),
    );
  }, [attention, enabled, files, call.phase, control.request, cobrowse.requested, state.pushedUrls, state.peer?.otherScreenRequested, state.messages, helper, t]);

  return { value: muted, set: (value: boolean) => attention?.setMuted(value) };
}

const no = () => false;
const noSubscribe = () => () => undefined;

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
