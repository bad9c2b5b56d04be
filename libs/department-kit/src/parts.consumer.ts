import { Topics } from '@jh/contracts';
import { startConsumer, type KafkaHandle, type RunningConsumer } from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import type { PartService } from './part.service';

/** Consumer group of a department's worklist, e.g. `education.parts`. */
export const partsConsumerGroup = (departmentCode: string) => `${departmentCode}.parts`;

/** Feeds the worklist from civil affairs' dispatches and cancellations. */
export function startPartsConsumer(
  handle: KafkaHandle,
  logger: Logger,
  service: PartService,
): Promise<RunningConsumer> {
  return startConsumer({
    handle,
    logger,
    group: partsConsumerGroup(service.department.code),
    types: [Topics.partDispatched, Topics.partCancelled],
    handler: async ({ envelope, event }) => {
      const source = { eventId: envelope.eventId, producer: envelope.producer };
      switch (event.type) {
        case Topics.partDispatched:
          return service.receiveDispatched(event.payload, source);
        case Topics.partCancelled:
          return service.receiveCancelled(event.payload, source);
        default:
          logger.warn({ type: event.type }, 'unexpected event type on the parts consumer');
      }
    },
  });
}
