import { shanghaiDateOf, yearMonthOf, type WorkingDayCalendar } from '@jh/domain-calendar';
import { createSlaClocks, defaultSlaConfig, type ClockKind } from '@jh/domain-sla';
import type { EscalationLevelCode } from './case.env';
import type { RoutingTable } from './routing';
import type { ClockCode, PartClock, PartDoc } from './case.model';

export interface EscalationPolicy {
  /** Enabled levels in chain order. */
  chain: readonly EscalationLevelCode[];
  noticeAfterWorkingDays: number;
  atRiskPercent: number;
}

/** Both clocks of a part (R-JH-3): report-back within 1 working day, and the department's limit. */
export class PartDeadlines {
  constructor(
    private readonly calendar: WorkingDayCalendar,
    private readonly routing: RoutingTable,
    readonly policy: EscalationPolicy,
  ) {}

  compute(
    department: string,
    dispatchedAt: Date,
  ): { report: PartClock; handling: PartClock; handlingWorkingDays: number } {
    const handlingWorkingDays = this.routing.handlingWorkingDays(department);
    const clocks = createSlaClocks({
      calendar: this.calendar,
      config: {
        ...defaultSlaConfig,
        atRiskPercent: this.policy.atRiskPercent,
        departmentHandlingLimits: {
          [department]: { unit: 'working_days', amount: handlingWorkingDays },
        },
      },
    });
    const clock = (kind: ClockKind): PartClock => {
      const started = clocks.start({ kind, startedAt: dispatchedAt, departmentCode: department });
      if (!started.ok) throw new Error(`${kind}: ${started.reason}`);
      const { dueAt, atRiskFrom } = clocks.evaluate(started.clock, dispatchedAt);
      return {
        dueAt,
        atRiskAt: atRiskFrom,
        noticeAt: this.calendar.addWorkingDays(dueAt, this.policy.noticeAfterWorkingDays).dueAt,
      };
    };
    return {
      report: clock('department_report_back'),
      handling: clock('department_handling'),
      handlingWorkingDays,
    };
  }

  /** Instant from which a level is reached on a clock. */
  static thresholdOf(clock: PartClock, level: EscalationLevelCode): Date {
    if (level === 'reminder') return clock.atRiskAt;
    // "Overdue" means strictly after the due instant.
    return new Date((level === 'coordinator' ? clock.dueAt : clock.noticeAt).getTime() + 1);
  }

  /** Levels reached at `now` on each open clock of the part and not yet published. */
  pendingEscalations(
    part: PartDoc,
    now: Date,
  ): { clock: ClockCode; level: EscalationLevelCode; dueAt: Date }[] {
    if (!isOpen(part)) return [];
    const out: { clock: ClockCode; level: EscalationLevelCode; dueAt: Date }[] = [];
    for (const clock of ['report', 'handling'] as const) {
      for (const level of this.policy.chain) {
        if (part.escalations.includes(`${clock}:${level}`)) continue;
        if (now >= PartDeadlines.thresholdOf(part[clock], level))
          out.push({ clock, level, dueAt: part[clock].dueAt });
      }
    }
    return out;
  }

  /** Earliest instant at which a scan would have something to publish for the part. */
  nextCheckAt(part: PartDoc): Date | null {
    if (!isOpen(part)) return null;
    let next: Date | null = null;
    for (const clock of ['report', 'handling'] as const) {
      for (const level of this.policy.chain) {
        if (part.escalations.includes(`${clock}:${level}`)) continue;
        const at = PartDeadlines.thresholdOf(part[clock], level);
        if (next === null || at < next) next = at;
      }
    }
    return next;
  }
}

/** UTC hour of an SLA check time, `2026-11-25T06`: the bucket the scan walks (ADR 0017). */
export const slaBucketOf = (at: Date): string => at.toISOString().slice(0, 13);

/** The bucket after `bucket`. */
export const nextSlaBucket = (bucket: string): string =>
  slaBucketOf(new Date(Date.parse(`${bucket}:00:00.000Z`) + 3_600_000));

/** Shanghai month (YYYY-MM) of a report-back due date: the 通报's key (R-JH-4). */
export const reportDueMonth = (dueAt: Date): string => yearMonthOf(shanghaiDateOf(dueAt));

export const isOpen = (part: PartDoc): boolean =>
  part.status === 'dispatched' || part.status === 'accepted';
