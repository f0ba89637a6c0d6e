import { describe, expect, it } from 'vitest';
import { useServerWithOwner } from '../testing/owner-server';

describe("a customer's rating of their session", () => {
  const ctx = useServerWithOwner();
  const rate = (sessionId: string, body: Record<string, unknown>) => ctx.clients.post(`/api/sessions/${sessionId}/rating`, body, { origin: ctx.server.url });
  const html = async (path: string) => (await fetch(ctx.server.url + path, { headers: { cookie: ctx.clients.cookie() } })).text();

  it('is taken once the session ended, only from its own customer, once, within bounds; the log and reports show it', async () => {
    const { clients } = ctx;
    const tech = await clients.technician();
    const mine = await clients.activeSession(tech, 'Rita Rater');
    const other = await clients.activeSession(tech, 'Otto Other');

    // Not before the end: the page that rates is the ended page.
    expect((await rate(mine.sessionId, { token: mine.joinToken, score: 4 })).body).toMatchObject({ ok: false, code: 'conflict' });

    for (const { sessionId } of [mine, other]) expect(await clients.emit(tech, 'session:end', { sessionId })).toMatchObject({ ok: true });

    // Another customer's token, no token, a made-up one: nobody but this session's customer rates it.
    expect((await rate(mine.sessionId, { token: other.joinToken, score: 1 })).status).toBe(401);
    expect((await rate(mine.sessionId, { score: 1 })).status).toBe(400);
    expect((await rate(mine.sessionId, { token: 'a'.repeat(32), score: 1 })).status).toBe(401);
    // A technician's sign-in is not a customer's token.
    expect((await clients.postAs(`/api/sessions/${mine.sessionId}/rating`, { score: 1 })).status).toBe(400);

    // Bounds: whole numbers 1-5, a comment of at most 1,000 characters.
    for (const score of [0, 6, 3.5, '4']) {
      expect((await rate(mine.sessionId, { token: mine.joinToken, score })).body).toMatchObject({ ok: false, code: 'bad_request', field: 'score' });
    }
    expect((await rate(mine.sessionId, { token: mine.joinToken, score: 4, comment: 'x'.repeat(1001) })).body).toMatchObject({ code: 'bad_request', field: 'comment' });
    expect((await rate('not-a-session', { token: mine.joinToken, score: 4 })).status).toBe(404);

    const rated = await rate(mine.sessionId, { token: mine.joinToken, score: 4, comment: '  Quick and kind, thanks <b>!</b>  ' });
    expect(rated.status, JSON.stringify(rated.body)).toBe(200);
    expect(rated.body).toMatchObject({ ok: true, rating: { score: 4, comment: 'Quick and kind, thanks <b>!</b>' } });
    // Once: a second rating, even a different one, is refused and the first stays.
    expect((await rate(mine.sessionId, { token: mine.joinToken, score: 1, comment: 'changed my mind' })).body).toMatchObject({ ok: false, code: 'conflict' });
    expect((await rate(other.sessionId, { token: other.joinToken, score: 2 })).status).toBe(200);

    // The session log: the row, the session's page (the comment as text), and the CSV export.
    const list = await html('/console/log?view=closed');
    expect(list).toMatch(new RegExp(`data-session-id="${mine.sessionId}"[\\s\\S]*?data-testid="log-rating" data-rating="4"`));
    const detail = await html(`/console/log/${mine.sessionId}`);
    expect(detail).toContain('data-testid="log-session-rating" data-rating="4"');
    expect(detail).toContain('data-testid="log-rating-comment">Quick and kind, thanks &lt;b&gt;!&lt;/b&gt;</q>');
    const csv = await html('/api/log.csv?view=closed');
    expect(csv.split('\r\n')[0]).toContain(',rating,rating_comment');
    expect(csv).toContain(',4,Quick and kind, thanks <b>!</b>'.replace('Quick and kind, thanks <b>!</b>', '"Quick and kind, thanks <b>!</b>"'));

    // Reports: the owner's average over the two rated sessions, with how many ratings it stands on.
    const report = await html('/admin/reports');
    expect(report).toContain('data-testid="report-rating" data-rating="3"');
    expect(report).toMatch(/data-testid="report-row-rating" data-rating="3">3\.0 \/ 5 \(2 ratings\)/);
  });
});
