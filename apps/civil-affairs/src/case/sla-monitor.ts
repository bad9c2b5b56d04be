import { EscalationLevel, SlaClockType, Topics } from '@jh/contracts';
import type { Logger } from '@jh/platform-logger';
import type { EscalationLevelCode } from './case.env';
import type { ClockCode } from './case.model';
import { outboxEntry, type CaseService } from './case.service';
import type { CaseStore } from './case.store';

const levelOf: Record<EscalationLevelCode, EscalationLevel> = {
  reminder: EscalationLevel.ESCALATION_LEVEL_REMINDER,
  coordinator: EscalationLevel.ESCALATION_LEVEL_COORDINATOR,
  notice: EscalationLevel.ESCALATION_LEVEL_NOTICE,
};
const clockOf: Record<ClockCode, SlaClockType> = {
  report: SlaClockType.SLA_CLOCK_TYPE_REPORT,
  handling: SlaClockType.SLA_CLOCK_TYPE_HANDLING,
};

export interface ScanResult {
  casesChecked: number;
  published: number;
}

/**
 * Finds parts at risk / overdue on both clocks (R-JH-3) and publishes PartOverdue once per part,
 * clock and level: the level is recorded on the part in the same guarded write as its outbox entry,
 * so re-running the scan (or two instances running it) publishes nothing twice.
 */
export class SlaMonitor {
  constructor(
    private readonly store: CaseStore,
    private readonly cases: CaseService,
    private readonly logger: Logger,
    private readonly batchSize = 200,
  ) {}

  /** One scan (the app runs it with `every`). Safe to run concurrently (other instances, the timer, an API call). */
  async scan(): Promise<ScanResult> {
    const now = this.cases.clock();
    const result: ScanResult = { casesChecked: 0, published: 0 };
    const seen = new Set<string>();
    for (;;) {
      const batch = (await this.store.dueForSlaCheck(now, this.batchSize)).filter(
        (c) => !seen.has(c._id),
      );
      if (batch.length === 0) break;
      for (const found of batch) {
        seen.add(found._id);
        result.casesChecked++;
        let published = 0;
        await this.cases.mutate(found._id, (doc) => {
          const outbox = doc.parts.flatMap((part) =>
            this.cases.deadlines.pendingEscalations(part, now).map((e) => {
              part.escalations.push(`${e.clock}:${e.level}`);
              return outboxEntry(
                Topics.partOverdue,
                {
                  partId: part.partId,
                  caseId: doc._id,
                  applicationId: doc.applicationId,
                  department: part.department,
                  clock: clockOf[e.clock],
                  level: levelOf[e.level],
                  dueAt: e.dueAt,
                  detectedAt: now,
                },
                doc,
                now,
              );
            }),
          );
          published = outbox.length;
          // Written even when empty, so stale derived check times are refreshed.
          return { doc, outbox };
        });
        result.published += published;
      }
    }
    if (result.published > 0) this.logger.info(result, 'SLA scan published escalations');
    return result;
  }
}
