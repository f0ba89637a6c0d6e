'use client';

import { useEffect, useRef } from 'react';
import type { TechnicianClient, TechnicianState } from '../../../client/technician-client';
import { waitingSince } from './Queue';

/**
 * What asks for the technician's attention: customers waiting for them or for anyone (not those a colleague
 * has, which a master administrator also lists), and unread messages.
 */
export function attentionCount(client: TechnicianClient, state: TechnicianState): number {
  const waiting = state.sessions.filter((s) => waitingSince(s) !== null && (s.assignee === null || client.isMine(s))).length;
  const unread = Object.values(state.unread).reduce((a, b) => a + b, 0);
  return waiting + unread;
}

/** A 32 px favicon with the count on a red badge, over the page's own icon when it has one. */
function badgeIcon(count: number, base: HTMLImageElement | null): string {
  const canvas = document.createElement('canvas');
  canvas.width = 32;
  canvas.height = 32;
  const g = canvas.getContext('2d');
  if (!g) return '';
  if (base?.complete && base.naturalWidth > 0) g.drawImage(base, 0, 0, 32, 32);
  else {
    g.fillStyle = '#1d4ed8';
    g.beginPath();
    g.roundRect(2, 2, 28, 28, 6);
    g.fill();
  }
  const label = count > 99 ? '99+' : String(count);
  g.fillStyle = '#dc2626';
  g.beginPath();
  g.arc(label.length > 1 ? 18 : 21, 11, label.length > 1 ? 13 : 11, 0, Math.PI * 2);
  g.fill();
  g.fillStyle = '#ffffff';
  g.font = `bold ${label.length > 2 ? 11 : label.length > 1 ? 15 : 18}px sans-serif`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText(label, label.length > 1 ? 18 : 21, 12);
  return canvas.toDataURL('image/png');
}

/**
 * "(n) " before the tab's title and a badge on its favicon while customers wait or messages are unread, so a
 * technician in another tab sees it; both come back as they were at zero. Input in the page keeps them from
 * turning Away (client.noteActivity), and a sign-in the server ended goes to the sign-in form, which says why.
 */
export function useAttention(client: TechnicianClient, state: TechnicianState): void {
  const count = attentionCount(client, state);
  const original = useRef<{ icon: string | null } | null>(null);
  const baseImage = useRef<HTMLImageElement | null>(null);

  useEffect(() => {
    if (!original.current) {
      const link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
      original.current = { icon: link?.href ?? null };
      if (link?.href) {
        const image = new Image();
        image.src = link.href;
        baseImage.current = image;
      }
    }
    const { icon } = original.current;
    // Next may write the page's title after this runs (it streams metadata): whatever it writes gets the count too.
    const retitle = () => {
      const title = document.title.replace(/^\(\d+\) /, '');
      const wanted = count > 0 ? `(${count}) ${title}` : title;
      if (document.title !== wanted) document.title = wanted;
    };
    retitle();
    const watcher = new MutationObserver(retitle);
    watcher.observe(document.head, { childList: true, subtree: true, characterData: true });
    let link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
    if (count > 0) {
      if (!link) {
        link = document.createElement('link');
        link.rel = 'icon';
        document.head.appendChild(link);
      }
      link.type = 'image/png';
      link.href = badgeIcon(count, baseImage.current);
      link.dataset.badge = String(count);
    } else if (link?.dataset.badge) {
      delete link.dataset.badge;
      if (icon) link.href = icon;
      else link.remove();
    }
    return () => watcher.disconnect();
  }, [count]);

  useEffect(() => {
    const note = () => client.noteActivity();
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const event of events) window.addEventListener(event, note, { passive: true, capture: true });
    return () => {
      for (const event of events) window.removeEventListener(event, note, { capture: true });
    };
  }, [client]);

  useEffect(() => {
    if (state.signedOut) window.location.assign(`/console?signedOut=${state.signedOut}`);
  }, [state.signedOut]);
}
