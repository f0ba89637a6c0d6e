import type { SecretBox } from '../auth/secret-box';
import type { OutboxStore } from './mailer';

/** How long the outbox keeps a mail: longer than any link or code in one lives (an invitation: 7 days). */
export const OUTBOX_KEEP_MS = 30 * 24 * 60 * 60 * 1000;

const SEALED = /^v1\./;

/**
 * The outbox with each mail's subject and text sealed at rest (AES-256-GCM under the server's secret key, as
 * second-factor secrets are): the mail it holds carries live invitation links and sign-in codes, and a copy of
 * the database alone must not hand them out. Master administrators read them opened, at /admin/outbox. Mail older
 * than OUTBOX_KEEP_MS goes at the next insert. Rows written before sealing are shown as they are.
 */
export function sealedOutbox(store: OutboxStore & { deleteBefore(time: number): Promise<void> }, box: SecretBox, now: () => number): OutboxStore {
  const open = (value: string) => {
    if (!SEALED.test(value)) return value;
    try {
      return box.open(value);
    } catch {
      // Sealed under another key (SECRET_KEY changed): say so rather than fail the whole page.
      return '(sealed under another secret key)';
    }
  };
  return {
    async insert(mail) {
      await store.deleteBefore(now() - OUTBOX_KEEP_MS);
      await store.insert({ ...mail, subject: box.seal(mail.subject), text: box.seal(mail.text) });
    },
    async list(limit) {
      return (await store.list(limit)).map((mail) => ({ ...mail, subject: open(mail.subject), text: open(mail.text) }));
    },
  };
}
