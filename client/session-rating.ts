import type { ChatMessage } from '../protocol';

export type RatingResult = { ok: true } | { ok: false; code: string };

/**
 * The customer's rating of the session that ended, sent with the join token only its customer holds (the server
 * takes one per session). A network failure is a code of its own, so the page can say "try again".
 */
export async function sendRating(sessionId: string, token: string, score: number, comment: string): Promise<RatingResult> {
  try {
    const response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/rating`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token, score, comment }),
    });
    if (response.ok) return { ok: true };
    const body = (await response.json().catch(() => ({}))) as { code?: string };
    return { ok: false, code: body.code ?? 'internal' };
  } catch {
    return { ok: false, code: 'network' };
  }
}

/**
 * The chat as a plain text file, in the customer's language: the labels and the time format come from the page
 * (it has the words), the messages from what the page already shows. Nothing is fetched again.
 */
export function transcriptText(messages: readonly ChatMessage[], words: { title: string; you: string; time: (at: number) => string }): string {
  const lines = [words.title, ''];
  for (const message of messages) {
    const who = message.from === 'customer' ? words.you : message.author;
    lines.push(`[${words.time(message.at)}] ${who}: ${message.text.replace(/\r?\n/g, '\n    ')}`);
  }
  // CRLF: the file opens as lines in Notepad too.
  return `${lines.join('\r\n')}\r\n`;
}
