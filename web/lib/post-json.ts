import type { Reason } from '../../core/errors';

export interface PostResult {
  ok: boolean;
  code?: string;
  message?: string;
  field?: string;
  reasons?: Reason[];
  retryAfterMs?: number;
}

/** POSTs JSON to one of our routes; resolves with the body and whether it succeeded. Network failures become a code. */
export async function postJson(url: string, body: unknown): Promise<PostResult> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const data = (await response.json().catch(() => ({}))) as Omit<PostResult, 'ok'>;
    return { ok: response.ok, ...data };
  } catch {
    return { ok: false, code: 'network' };
  }
}
