import { type Grade, evaluateResponse } from '@jh/domain-outreach';
import type { OutreachTaskDoc } from './outreach.model';

type OutcomeKind = 'application' | 'first_aid' | 'referral' | 'closed';

interface StreetCounts {
  openByGrade: Record<Grade, number>;
  overdueResponses: number;
  escalated: number;
  endedByOutcome: Record<OutcomeKind, number>;
  responseMs: number[];
}

const emptyCounts = (): StreetCounts => ({
  openByGrade: { urgent: 0, pressing: 0, normal: 0 },
  overdueResponses: 0,
  escalated: 0,
  endedByOutcome: { application: 0, first_aid: 0, referral: 0, closed: 0 },
  responseMs: [],
});

function medianMinutes(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const ms = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(ms / 60_000);
}

/** The coordinator's overview per street (R-PD-2): open by grade, overdue, conversion, response time. */
export function streetOverview(rows: readonly OutreachTaskDoc[], now: Date) {
  const streets = new Map<string, StreetCounts>();
  for (const doc of rows) {
    const street = doc.task.streetCode;
    const s = streets.get(street) ?? emptyCounts();
    streets.set(street, s);
    if (evaluateResponse(doc.task, now).status === 'overdue') s.overdueResponses += 1;
    if (doc.escalations.length > 0) s.escalated += 1;
    const ended = doc.task.ended;
    if (!ended) {
      s.openByGrade[doc.grade] += 1;
      continue;
    }
    s.endedByOutcome[ended.outcome.kind] += 1;
    s.responseMs.push(new Date(ended.at).getTime() - new Date(doc.openedAt).getTime());
  }
  return [...streets.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([streetCode, s]) => {
      const endedTotal = Object.values(s.endedByOutcome).reduce((a, b) => a + b, 0);
      return {
        streetCode,
        openByGrade: s.openByGrade,
        overdueResponses: s.overdueResponses,
        escalated: s.escalated,
        endedByOutcome: s.endedByOutcome,
        conversionToApplications:
          endedTotal === 0 ? null : s.endedByOutcome.application / endedTotal,
        medianResponseMinutes: medianMinutes(s.responseMs),
      };
    });
}

export interface StreetResponseRow {
  streetCode: string;
  /** Tasks opened in the month. */
  opened: number;
  /** Ended within their response time. */
  onTime: number;
  /** Ended after it, or still open past it. */
  late: number;
  /** Still open, not yet due. */
  pending: number;
  onTimeRate: number | null;
  medianResponseMinutes: number | null;
  maxLateMinutes: number;
}

/**
 * 通报 of 分级响应 (R-PD-2) for the tasks opened in a month, per street: on time, late (ended
 * late or open past due), response times. Streets with the lowest on-time rate come first.
 */
export function responseBulletin(rows: readonly OutreachTaskDoc[], now: Date): StreetResponseRow[] {
  const streets = new Map<string, StreetResponseRow & { responseMs: number[] }>();
  for (const doc of rows) {
    const street = doc.task.streetCode;
    const s = streets.get(street) ?? {
      streetCode: street,
      opened: 0,
      onTime: 0,
      late: 0,
      pending: 0,
      onTimeRate: null,
      medianResponseMinutes: null,
      maxLateMinutes: 0,
      responseMs: [],
    };
    streets.set(street, s);
    s.opened += 1;
    const due = new Date(doc.dueAt).getTime();
    const endedAt = doc.task.ended ? new Date(doc.task.ended.at).getTime() : undefined;
    if (endedAt !== undefined) s.responseMs.push(endedAt - new Date(doc.openedAt).getTime());
    const lateBy = (endedAt ?? now.getTime()) - due;
    if (lateBy > 0) {
      s.late += 1;
      s.maxLateMinutes = Math.max(s.maxLateMinutes, Math.round(lateBy / 60_000));
    } else if (endedAt !== undefined) s.onTime += 1;
    else s.pending += 1;
  }
  return [...streets.values()]
    .map(({ responseMs, ...s }) => {
      const decided = s.onTime + s.late;
      return {
        ...s,
        onTimeRate: decided === 0 ? null : s.onTime / decided,
        medianResponseMinutes: medianMinutes(responseMs),
      };
    })
    .sort(
      (a, b) =>
        (a.onTimeRate ?? 1) - (b.onTimeRate ?? 1) ||
        b.late - a.late ||
        a.streetCode.localeCompare(b.streetCode),
    );
}
