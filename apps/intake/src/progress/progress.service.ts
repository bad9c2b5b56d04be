import { Topics, type DecodedEvent } from '@jh/contracts';
import type { ApplicationProgress } from '../application/application.model';
import type { ApplicationStore } from '../application/application.store';
import { applicationIdOf, applyProgressEvent } from './progress.events';
import { deriveStage, emptyFacts, STATUS_OF_STAGE } from './progress.facts';

/** Progress of a newly registered application: accepted at the window, nothing else known yet. */
export function initialProgress(submittedAt: Date, submittedEventId: string): ApplicationProgress {
  return {
    stage: 'submitted',
    facts: emptyFacts(),
    history: [
      {
        at: submittedAt,
        text: '窗口已受理申请',
        eventType: Topics.applicationSubmitted,
        eventId: submittedEventId,
      },
    ],
    processedEventIds: [],
    version: 0,
  };
}

export type ProgressOutcome = 'applied' | 'duplicate' | 'not_followed' | 'unknown_application';

/** Concurrent events of one application lose the version race at most a few times in a row. */
const MAX_ATTEMPTS = 8;

/**
 * Follows the case from the other services' events (R-JH-1, R-JH-5): each event is applied to the
 * application's facts in one guarded single-document update together with its event id, so a
 * redelivery changes nothing and the stage never depends on the order events arrived in.
 */
export class ProgressService {
  constructor(
    private readonly store: ApplicationStore,
    private readonly departmentName: (code: string) => string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async apply(eventId: string, event: DecodedEvent, occurredAt?: Date): Promise<ProgressOutcome> {
    const applicationId = applicationIdOf(event);
    if (!applicationId) return 'not_followed';
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const doc = await this.store.findById(applicationId);
      if (!doc) return 'unknown_application';
      const current = doc.progress ?? initialProgress(doc.submittedAt, '');
      if (current.processedEventIds.includes(eventId)) return 'duplicate';
      const applied = applyProgressEvent(
        current.facts,
        event,
        occurredAt ?? this.clock(),
        this.departmentName,
      );
      if (!applied) return 'not_followed';
      const stage = deriveStage(applied.facts);
      const next: ApplicationProgress = {
        stage,
        facts: applied.facts,
        history: applied.text
          ? [
              ...current.history,
              { at: applied.at, text: applied.text, eventType: event.type, eventId },
            ]
          : current.history,
        processedEventIds: [...current.processedEventIds, eventId],
        version: current.version + 1,
      };
      if (await this.store.recordProgress(doc._id, current.version, next, STATUS_OF_STAGE[stage])) {
        return 'applied';
      }
    }
    // The consumer retries with backoff, then parks the event on the DLQ.
    throw new Error(`progress of application ${applicationId} kept changing; will retry`);
  }
}
