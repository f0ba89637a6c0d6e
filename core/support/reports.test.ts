import { describe, expect, it } from 'vitest';
import { type ReportRow, summarise } from './reports';

const MIN = 60_000;
const row = (over: Partial<ReportRow>): ReportRow => ({
  technicianId: 't1', technicianName: 'Tess', groupId: 'g1', groupName: 'Support',
  createdAt: 0, joinedAt: null, queuedAt: null, pickedUpAt: null, closedAt: null, endReason: null, rating: null, ...over,
});

describe('reports', () => {
  it('averages the ratings customers gave, per technician, over the sessions they rated only', () => {
    const report = summarise([row({ rating: 4 }), row({ rating: 5 }), row({}), row({ technicianId: 't2', technicianName: 'Tom', rating: 2 })]);
    expect(report.total).toMatchObject({ ratings: 3, averageRating: 3.7 });
    expect(report.byTechnician.map((l) => [l.name, l.ratings, l.averageRating])).toEqual([['Tess', 2, 4.5], ['Tom', 1, 2]]);
  });

  it('counts sessions, joins and resolutions, and averages pick-up and duration over the sessions they apply to', () => {
    const report = summarise([
      row({ joinedAt: 0, pickedUpAt: 2 * MIN, closedAt: 10 * MIN, endReason: 'resolved' }),
      // Handed over at 10 minutes, picked up at 14: a wait of 4 minutes, not 14.
      row({ joinedAt: 0, queuedAt: 10 * MIN, pickedUpAt: 14 * MIN, closedAt: 30 * MIN, endReason: 'customer_ended' }),
      row({ endReason: 'expired', closedAt: 10 * MIN }),
      row({ technicianId: 't2', technicianName: 'Tom', groupId: 'g2', groupName: 'Billing', joinedAt: 0 }),
      row({ technicianId: null, technicianName: null, joinedAt: 0 }),
    ]);
    expect(report.total).toMatchObject({ sessions: 5, joined: 4, resolved: 1, averagePickUpMs: 3 * MIN, averageDurationMs: 20 * MIN });
    expect(report.byTechnician.map((l) => [l.name, l.sessions, l.averagePickUpMs])).toEqual([['Tess', 3, 3 * MIN], ['Tom', 1, null], ['Unassigned', 1, null]]);
    expect(report.byGroup.map((l) => [l.name, l.sessions, l.resolved])).toEqual([['Support', 4, 1], ['Billing', 1, 0]]);
  });

  it('says nothing rather than zero when nothing can be averaged', () => {
    expect(summarise([]).total).toEqual({ key: 'total', name: 'All sessions', sessions: 0, joined: 0, resolved: 0, averagePickUpMs: null, averageDurationMs: null, ratings: 0, averageRating: null });
  });
});
