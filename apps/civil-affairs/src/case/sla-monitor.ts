import { EscalationLevel, SlaClockType, Topics } from '@jh/contracts';
import type { Logger } from '@jh/platform-logger';
import type { EscalationLevelCode } from './case.env';
import type { CaseDoc, ClockCode } from './case.model';
import { outboxEntry, type CaseService } from './case.service';
import type { CaseStore } from './case.store';
import { nextSlaBucket, slaBucketOf } from './part-deadlines';

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
 *
 * It reads no case that has nothing due (ADR 0017): every case carries the UTC hour of its next
 * check (`slaBucket`, written with the case); the scan walks those hours by indexed equality from a
 * persisted cursor (read by `_id`) up to the current hour. The cursor moves past an hour only once
 * every case in it was handled and the hour is `graceMs` old, so a crash (or a failed write) means
 * the next pass walks that hour again, and no case can be written into an hour already passed.
 */
export class SlaMonitor {
  constructor(
    private readonly store: CaseStore,
    private readonly cases: CaseService,
    private readonly logger: Logger,
    /** How far another instance's clock (or a slow write) may lag behind this one. */
    private readonly graceMs = 5 * 60_000,
  ) {}

  /** One scan (the app runs it with `every`). Safe to run concurrently (other instances, the timer, an API call). */
  async scan(): Promise<ScanResult> {
    const now = this.cases.clock();
    const result: ScanResult = { casesChecked: 0, published: 0 };
    const current = slaBucketOf(now);
    // Hours before this one can no longer receive a case: the cursor may move past them.
    const closed = slaBucketOf(new Date(now.getTime() - this.graceMs));
    let done = await this.store.slaCursor();
    if (done === undefined) {
      // First scan on this database: one full read hands every case to the bucket walk (cases
      // stored before the derived keys existed get them written).
      for (const found of await this.store.allForSlaStart()) {
        if (found.nextSlaCheckAt && found.nextSlaCheckAt <= now)
          await this.check(found._id, now, result);
        else if (stale(found)) await this.refresh(found._id);
      }
      done = previousBucket(closed);
      await this.store.saveSlaCursor(done, now);
    }
    // A clock set back (tests, a corrected host clock): walk again from there.
    if (done >= current) {
      done = previousBucket(current);
      await this.store.saveSlaCursor(done, now);
    }
    const seen = new Set<string>();
    for (let bucket = nextSlaBucket(done); bucket <= current; bucket = nextSlaBucket(bucket)) {
      for (const found of await this.store.inSlaBucket(bucket)) {
        if (seen.has(found._id) || !found.nextSlaCheckAt || found.nextSlaCheckAt > now) continue;
        seen.add(found._id);
        await this.check(found._id, now, result);
      }
      if (bucket < closed) await this.store.saveSlaCursor(bucket, now);
    }
    if (result.published > 0) this.logger.info(result, 'SLA scan published escalations');
    return result;
  }

  private async check(caseId: string, now: Date, result: ScanResult): Promise<void> {
    result.casesChecked++;
    let published = 0;
    await this.cases.mutate(caseId, (doc) => {
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
      // Written even when empty, so stale derived check times (and the bucket) are refreshed.
      return { doc, outbox };
    });
    result.published += published;
  }

  /** Rewrites the derived fields (a case stored before it had a bucket). */
  private async refresh(caseId: string): Promise<void> {
    await this.cases.mutate(caseId, (doc) => ({ doc, outbox: [] }));
  }
}

/** Derived keys missing or not matching the check time (a case written by an older version). */
const stale = (doc: CaseDoc): boolean =>
  doc.hasOpenParts === undefined ||
  doc.reportDueMonths === undefined ||
  doc.slaBucket !== (doc.nextSlaCheckAt ? slaBucketOf(doc.nextSlaCheckAt) : null);

const previousBucket = (bucket: string): string =>
  slaBucketOf(new Date(Date.parse(`${bucket}:00:00.000Z`) - 3_600_000));
