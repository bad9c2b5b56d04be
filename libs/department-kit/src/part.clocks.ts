import {
  createSlaClocks,
  defaultSlaConfig,
  type ClockKind,
  type ClockStatus,
  type SlaClock,
  type SlaClocks,
} from '@jh/domain-sla';
import type { PartClock } from './part.model';

export interface PartClockRules {
  departmentCode: string;
  handlingLimitWorkingDays: number;
  atRiskPercent: number;
}

/**
 * The part's two R-JH-3 clocks with domain-sla semantics. Civil affairs owns the due dates (they
 * arrive in PartDispatched); this department's limit only fills a due date the event lacks.
 */
export class PartClocks {
  private readonly sla: SlaClocks;

  constructor(readonly rules: PartClockRules) {
    this.sla = createSlaClocks({
      config: {
        ...defaultSlaConfig,
        atRiskPercent: rules.atRiskPercent,
        departmentHandlingLimits: {
          [rules.departmentCode]: { unit: 'working_days', amount: rules.handlingLimitWorkingDays },
        },
      },
    });
  }

  /** Clocks of a freshly dispatched part. */
  open(
    dispatchedAt: Date,
    given: { reportDueAt?: Date; handlingDueAt?: Date },
  ): { handling: PartClock; report: PartClock } {
    const handlingDueAt = given.handlingDueAt ?? this.deadline('department_handling', dispatchedAt);
    // Without a report due date, the report-back clock runs from the end of the handling limit.
    const reportDueAt = given.reportDueAt ?? this.deadline('department_report_back', handlingDueAt);
    return {
      handling: this.clock('department_handling', dispatchedAt, handlingDueAt),
      report: this.clock('department_report_back', dispatchedAt, reportDueAt),
    };
  }

  /** on_track / at_risk / breached / met, as domain-sla evaluates it at `now`. */
  status(
    kind: 'department_handling' | 'department_report_back',
    clock: PartClock,
    now: Date,
    stoppedAt: Date | undefined,
  ): ClockStatus {
    return this.sla.evaluate(this.slaClock(kind, clock.startedAt, clock.dueAt, stoppedAt), now)
      .status;
  }

  private clock(kind: ClockKind, startedAt: Date, dueAt: Date): PartClock {
    const atRiskFrom = this.sla.evaluate(
      this.slaClock(kind, startedAt, dueAt),
      startedAt,
    ).atRiskFrom;
    return { startedAt, dueAt, atRiskFrom };
  }

  private deadline(kind: ClockKind, from: Date): Date {
    const due = this.sla.deadline(kind, from, this.rules.departmentCode);
    if (!due.ok) throw new Error(due.reason);
    return due.dueAt;
  }

  private slaClock(kind: ClockKind, startedAt: Date, dueAt: Date, stoppedAt?: Date): SlaClock {
    const started = this.sla.start({ kind, startedAt, departmentCode: this.rules.departmentCode });
    if (!started.ok) throw new Error(started.reason);
    // The due date decided upstream wins over a recomputation here.
    return { ...started.clock, dueAt, ...(stoppedAt ? { stoppedAt } : {}) };
  }
}
