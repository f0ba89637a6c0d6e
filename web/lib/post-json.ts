/** POSTs JSON to one of our routes; resolves with the body and whether it succeeded. Network failures become a code. */
export async function postJson(url: string, body: unknown): Promise<{ ok: boolean; code?: string; message?: string; field?: string; retryAfterMs?: number }> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const data = (await response.json().catch(() => ({}))) as { code?: string; message?: string; field?: string; retryAfterMs?: number };
    return { ok: response.ok, ...data };
  } catch {
    return { ok: false, code: 'network' };
  }
}
