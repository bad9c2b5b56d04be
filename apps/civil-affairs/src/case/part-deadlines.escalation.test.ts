import { officialCalendar } from '@jh/domain-calendar';
import { RoutingTable } from './routing';
import type { PartDoc } from './case.model';
import { PartDeadlines } from './part-deadlines';

const routing = new RoutingTable({ education: 'education' }, { education: 3 }, 5);
const deadlines = (chain: ('reminder' | 'coordinator' | 'notice')[]) =>
  new PartDeadlines(officialCalendar, routing, {
    chain,
    noticeAfterWorkingDays: 2,
    atRiskPercent: 20,
  });

function part(d: PartDeadlines, dispatchedAt: Date): PartDoc {
  const { report, handling, handlingWorkingDays } = d.compute('education', dispatchedAt);
  return {
    partId: 'p1',
    department: 'education',
    items: ['education'],
    status: 'dispatched',
    dispatchedAt,
    handlingWorkingDays,
    report,
    handling,
    currentOwner: { department: 'education', officerId: null },
    acceptedAt: null,
    result: null,
    transferRequest: null,
    cancellation: null,
    replacesPartId: null,
    escalations: [],
  };
}

describe('part deadlines and the escalation chain (R-JH-3, R-JH-4)', () => {
  const dispatched = new Date('2026-11-02T02:00:00Z'); // Mon 10:00 Shanghai

  it('computes both clocks on working days with the 通报 threshold N working days after due', () => {
    const p = part(deadlines(['reminder', 'coordinator', 'notice']), dispatched);
    expect(p.report.dueAt.toISOString()).toBe('2026-11-03T15:59:59.999Z');
    expect(p.report.noticeAt.toISOString()).toBe('2026-11-05T15:59:59.999Z');
    expect(p.handling.dueAt.toISOString()).toBe('2026-11-05T15:59:59.999Z');
    expect(p.report.atRiskAt < p.report.dueAt).toBe(true);
  });

  it('reaches each level once and only for enabled levels', () => {
    const d = deadlines(['coordinator', 'notice']);
    const p = part(d, dispatched);
    const justOverdue = new Date(p.report.dueAt.getTime() + 1);
    expect(d.pendingEscalations(p, p.report.dueAt)).toEqual([]);
    expect(d.pendingEscalations(p, justOverdue)).toEqual([
      { clock: 'report', level: 'coordinator', dueAt: p.report.dueAt },
    ]);
    p.escalations.push('report:coordinator');
    expect(d.pendingEscalations(p, justOverdue)).toEqual([]);
    expect(d.nextCheckAt(p)?.toISOString()).toBe('2026-11-05T16:00:00.000Z');
    p.status = 'reported';
    expect(d.pendingEscalations(p, new Date('2027-01-01T00:00:00Z'))).toEqual([]);
    expect(d.nextCheckAt(p)).toBeNull();
  });
});
