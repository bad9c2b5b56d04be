import fc from 'fast-check';
import { GRADE_RANK, HOUSEHOLD_FLAGS, SIZE_BANDS } from './outreach-config';
import { type GradeChange, type OutreachTask, openOrMerge } from './outreach-task';
import { responseClock } from './response-clock';
import type { HardshipSignal } from './signal';
import { HOUSEHOLD, STREET, at } from './test-fixtures';

const start = at('2026-09-28 09:00');
const HOUR = 3_600_000;

const sources = [
  { source: 'medical', kind: 'medical_expense' },
  { source: 'employment', kind: 'job_loss' },
  { source: 'education', kind: 'school_leaving' },
  { source: 'volunteer', kind: 'reported_by_person' },
] as const;

/** A pool of distinct signals for one household; deliveries pick from it, so ids repeat. */
const pool = fc.uniqueArray(
  fc.record({
    id: fc.integer({ min: 0, max: 50 }),
    origin: fc.constantFrom(...sources),
    band: fc.constantFrom(...SIZE_BANDS),
    flags: fc.subarray([...HOUSEHOLD_FLAGS]),
  }),
  { minLength: 1, maxLength: 6, selector: (s) => s.id },
);

type Drawn = {
  id: number;
  origin: (typeof sources)[number];
  band: HardshipSignal['band'];
  flags: HardshipSignal['flags'];
};

const toSignal = (v: Drawn): HardshipSignal => ({
  signalId: `sig-${v.id}`,
  source: v.origin.source,
  kind: v.origin.kind,
  band: v.band,
  flags: v.flags,
  householdRef: HOUSEHOLD,
  streetCode: STREET,
  observedAt: start,
  ...(v.origin.source === 'volunteer'
    ? {
        reporter: {
          role: 'volunteer',
          id: 'v-1',
          observation: '家中无人照料',
          contact: '13700000000',
        },
      }
    : {}),
});

describe('R-PD-1 R-PD-2 properties of any stream of signals for one household', () => {
  it('R-PD-1 one task gathers every distinct signal once; R-PD-2 the grade never falls and the due time never moves later', () => {
    fc.assert(
      fc.property(
        pool.chain((signals) =>
          fc.tuple(
            fc.constant(signals.map(toSignal)),
            fc.array(fc.tuple(fc.nat(signals.length - 1), fc.integer({ min: 0, max: 72 })), {
              minLength: 1,
              maxLength: 20,
            }),
          ),
        ),
        ([signals, deliveries]) => {
          let task: OutreachTask | null = null;
          let now = start.getTime();
          let opened = 0;
          for (const [pick, gapHours] of deliveries) {
            now += gapHours * HOUR;
            const result = openOrMerge(task, signals[pick] as HardshipSignal, {
              at: new Date(now),
              newTaskId: `task-${opened + 1}`,
              coverage: [],
            });
            expect(result.ok).toBe(true);
            const next = (result as { task: OutreachTask }).task;
            if (result.ok && result.action === 'opened') opened++;
            if (task !== null) {
              expect(GRADE_RANK[next.grade]).toBeGreaterThanOrEqual(GRADE_RANK[task.grade]);
              expect(next.clock.dueAt.getTime()).toBeLessThanOrEqual(task.clock.dueAt.getTime());
              if (next.grade !== task.grade)
                expect(next.gradeHistory.at(-1)).toMatchObject({
                  from: task.grade,
                  to: next.grade,
                });
            }
            task = next;
          }
          const final = task as OutreachTask;
          expect(opened).toBe(1);
          const delivered = new Set(deliveries.map(([pick]) => signals[pick]?.signalId));
          const ids = final.signals.map((s) => s.signal.signalId);
          expect(new Set(ids).size).toBe(ids.length);
          expect(new Set(ids)).toEqual(delivered);
          // Never later than the opening grade's own limit.
          expect(final.clock.dueAt.getTime()).toBeLessThanOrEqual(
            responseClock(
              (final.gradeHistory[0] as GradeChange).to,
              final.openedAt,
            ).dueAt.getTime(),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
