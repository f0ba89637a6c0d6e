import { describe, expect, it } from 'vitest';
import { transcriptText } from './session-rating';

describe('the transcript the ended page downloads', () => {
  it('names the customer in their language and the technician by name, one line a message, continuation lines indented', () => {
    const message = (from: 'technician' | 'customer' | 'system', author: string, text: string, at: number) => ({ id: at, clientId: null, sessionId: 's', at, from, author, text });
    const text = transcriptText(
      [message('technician', 'Tess', 'Bonjour', 1), message('customer', 'Casey', 'Merci\nà bientôt', 2)],
      { title: 'Discussion avec Acme', you: 'Vous', time: (at) => `t${at}` },
    );
    expect(text).toBe('Discussion avec Acme\r\n\r\n[t1] Tess: Bonjour\r\n[t2] Vous: Merci\n    à bientôt\r\n');
  });
});
