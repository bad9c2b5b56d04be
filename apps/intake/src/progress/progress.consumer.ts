import { startConsumer, type KafkaHandle, type RunningConsumer } from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import { progressEventTypes } from './progress.events';
import type { ProgressService } from './progress.service';

/** Parts, reviews, approvals and payments in; idempotent on the event id (kept in the application). */
export function startProgressConsumer(
  kafka: KafkaHandle,
  logger: Logger,
  progress: ProgressService,
): Promise<RunningConsumer> {
  return startConsumer({
    handle: kafka,
    logger,
    group: 'intake.progress',
    types: [...progressEventTypes],
    handler: async ({ envelope, event }) => {
      const outcome = await progress.apply(envelope.eventId, event, envelope.occurredAt);
      if (outcome === 'unknown_application') {
        logger.warn(
          { eventId: envelope.eventId, type: event.type, key: envelope.correlationId },
          'event about an application intake does not hold; ignored',
        );
      }
    },
  });
}
