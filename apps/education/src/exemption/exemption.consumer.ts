import { Topics } from '@jh/contracts';
import { startConsumer, type KafkaHandle, type RunningConsumer } from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import type { ExemptionService } from './exemption.service';

export const exemptionsConsumerGroup = 'education.exemptions';
export const exemptionTopics = [Topics.studentCertified, Topics.studentCertificationEnded];

/** Feeds the 免申即享 grants from civil affairs' certifications (DOMAIN §7). */
export function startExemptionsConsumer(
  handle: KafkaHandle,
  logger: Logger,
  service: ExemptionService,
): Promise<RunningConsumer> {
  return startConsumer({
    handle,
    logger,
    group: exemptionsConsumerGroup,
    types: exemptionTopics,
    handler: async ({ envelope, event }) => {
      const source = { eventId: envelope.eventId, producer: envelope.producer };
      switch (event.type) {
        case Topics.studentCertified:
          return service.receiveCertified(event.payload, source);
        case Topics.studentCertificationEnded:
          return service.receiveEnded(event.payload, source);
        default:
          logger.warn({ type: event.type }, 'unexpected event type on the exemptions consumer');
      }
    },
  });
}
