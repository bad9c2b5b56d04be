import { Topics } from '@jh/contracts';
import { originOf } from '@jh/platform-telemetry';
import { startConsumer, type KafkaHandle, type RunningConsumer } from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import type { PartReceiver } from './part.receiver';

/** Consumer group of a department's worklist, e.g. `education.parts`. */
export const partsConsumerGroup = (departmentCode: string) => `${departmentCode}.parts`;

/** Feeds the worklist from civil affairs' dispatches and cancellations. */
export function startPartConsumer(
  handle: KafkaHandle,
  logger: Logger,
  receiver: PartReceiver,
): Promise<RunningConsumer> {
  return startConsumer({
    handle,
    logger,
    group: partsConsumerGroup(receiver.department.code),
    types: [Topics.partDispatched, Topics.partCancelled],
    handler: async ({ envelope, event }) => {
      const source = {
        eventId: envelope.eventId,
        producer: envelope.producer,
        traceparent: originOf(envelope.traceparent),
      };
      switch (event.type) {
        case Topics.partDispatched:
          return receiver.receiveDispatched(event.payload, source);
        case Topics.partCancelled:
          return receiver.receiveCancelled(event.payload, source);
        default:
          logger.warn({ type: event.type }, 'unexpected event type on the parts consumer');
      }
    },
  });
}
