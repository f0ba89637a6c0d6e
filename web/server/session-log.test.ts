import { describe, expect, it } from 'vitest';
import type { SessionLogEntry } from '../../core/support/session-log';
import { isoUtc } from '../lib/session-log-format';
import { logCsvFileName, logQuery, parseLogParams, sessionLogCsv } from './session-log';

const DAY = 24 * 60 * 60 * 1000;
const parse = (query: string) => parseLogParams(new URLSearchParams(query));

describe('the log filters in a URL', () => {
  it('defaults to sessions in progress, the page limit and no other filter (empty form fields count as unset)', () => {
    expect(parse('')).toEqual({ ok: true, params: { view: 'active' }, filter: { view: 'active', limit: 200 } });
    expect(parse('view=&technician=&from=&to=')).toMatchObject({ ok: true, filter: { view: 'active', limit: 200 } });
  });

  it('turns UTC calendar days into [from, to) with the end day included', () => {
    const parsed = parse('view=closed&technician=abc&from=2025-03-01&to=2025-03-31');
    expect(parsed).toMatchObject({
      ok: true,
      filter: { view: 'closed', technicianId: 'abc', from: Date.UTC(2025, 2, 1), to: Date.UTC(2025, 2, 31) + DAY },
    });
  });

  it('refuses what it does not know, naming the field, and keeps the valid fields for the form', () => {
    expect(parse('view=everything')).toMatchObject({ ok: false, field: 'view' });
    expect(parse('from=2025-02-30')).toMatchObject({ ok: false, field: 'from' });
    expect(parse('from=yesterday')).toMatchObject({ ok: false, field: 'from' });
    expect(parse('technician=%27%20or%201%3D1')).toMatchObject({ ok: false, field: 'technician' });
    expect(parse('limit=0')).toMatchObject({ ok: false, field: 'limit' });
    expect(parse('limit=10001')).toMatchObject({ ok: false, field: 'limit' });
    expect(parse('view=closed&from=2025-03-02&to=2025-03-01')).toMatchObject({ ok: false, field: 'to', params: { view: 'closed', from: '2025-03-02', to: '2025-03-01' } });
  });

  it('writes the same filters back into a query string, leaving out what is unset', () => {
    expect(logQuery({ view: 'closed', from: '2025-03-01' })).toBe('?view=closed&from=2025-03-01');
    expect(logQuery({})).toBe('');
    expect(logCsvFileName({ view: 'closed', from: '2025-03-01', to: '2025-03-31' })).toBe('lifeline-sessions-ended-from-2025-03-01-to-2025-03-31.csv');
  });
});

describe('the log as CSV', () => {
  const entry: SessionLogEntry = {
    id: 'abcdefghijklmnopqrstuvwx',
    technicianId: 't',
    technicianName: 'Tina Technician',
    customerName: '=HYPERLINK("http://evil.example"), Inc',
    state: 'closed',
    createdAt: Date.UTC(2025, 2, 10, 9, 0),
    joinedAt: Date.UTC(2025, 2, 10, 9, 1),
    consentedAt: Date.UTC(2025, 2, 10, 9, 1),
    closedAt: Date.UTC(2025, 2, 10, 9, 31, 30),
    endReason: 'customer_ended',
    chatMessages: 12,
    files: 1,
    channelName: null,
    customFields: [],
    rating: 4,
    ratingComment: 'Quick, thanks',
    durationMs: 30.5 * 60 * 1000,
  };

  it('has a header row and one guarded, quoted row per session', () => {
    const csv = sessionLogCsv([entry, { ...entry, state: 'created', joinedAt: null, consentedAt: null, closedAt: null, endReason: null, durationMs: null, customerName: 'Plain', rating: null, ratingComment: null }]);
    expect(csv.split('\r\n')).toEqual([
      'session_id,customer,technician,state,created_utc,joined_utc,closed_utc,duration_seconds,end_reason,chat_messages,files,channel,rating,rating_comment',
      'abcdefghijklmnopqrstuvwx,"\'=HYPERLINK(""http://evil.example""), Inc",Tina Technician,closed,2025-03-10T09:00:00.000Z,2025-03-10T09:01:00.000Z,2025-03-10T09:31:30.000Z,1830,customer_ended,12,1,,4,"Quick, thanks"',
      'abcdefghijklmnopqrstuvwx,Plain,Tina Technician,created,2025-03-10T09:00:00.000Z,,,,,12,1,,,',
      '',
    ]);
  });

  it('adds the channel and a column for each custom field the sessions were asked', () => {
    const fields = (order: string, extra = {}) => ({ ...entry, customerName: 'Plain', channelName: 'Web shop', customFields: [{ id: 'order', label: 'Order number', value: order }], ...extra });
    const csv = sessionLogCsv([fields('A-1'), fields('A-2', { customFields: [{ id: 'topic', label: 'Topic', value: '=1+1' }] })]);
    const [header, first, second] = csv.split('\r\n');
    expect(header.endsWith(',channel,rating,rating_comment,field: Order number,field: Topic')).toBe(true);
    expect(first.endsWith(',Web shop,4,"Quick, thanks",A-1,')).toBe(true);
    expect(second.endsWith(",Web shop,4,\"Quick, thanks\",,'=1+1")).toBe(true);
  });
});

describe('how the log writes times for machines', () => {
  it('writes ISO 8601 in UTC, and nothing for a time that never came', () => {
    expect(isoUtc(Date.UTC(2025, 0, 2, 3, 4, 5))).toBe('2025-01-02T03:04:05.000Z');
    expect(isoUtc(null)).toBeNull();
  });
});
