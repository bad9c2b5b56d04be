import { Topics } from '@jh/contracts';
import { startConsumer, type KafkaHandle, type RunningConsumer } from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import type { CaseService } from './case.service';

/** Applications in, department feedback in; every handler is idempotent on the event id. */
export function startCaseConsumer(
  kafka: KafkaHandle,
  logger: Logger,
  cases: CaseService,
): Promise<RunningConsumer> {
  return startConsumer({
    handle: kafka,
    logger,
    group: 'civil-affairs.cases',
    types: [
      Topics.applicationSubmitted,
      Topics.partReported,
      Topics.partAccepted,
      Topics.partTransferRequested,
    ],
    handler: async ({ envelope, event }) => {
      const cause = { eventId: envelope.eventId, traceparent: envelope.traceparent };
      switch (event.type) {
        case Topics.applicationSubmitted:
          await cases.openCase(event.payload, cause);
          return;
        case Topics.partReported:
          await cases.applyReport(event.payload, cause);
          return;
        case Topics.partAccepted:
          await cases.applyAccepted(event.payload, cause);
          return;
        case Topics.partTransferRequested:
          await cases.applyTransferRequest(event.payload, cause);
          return;
        default:
          logger.warn({ type: event.type }, 'unexpected event type ignored');
      }
    },
  });
}
