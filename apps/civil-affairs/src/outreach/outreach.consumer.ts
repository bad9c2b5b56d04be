import { Topics } from '@jh/contracts';
import { startConsumer, type KafkaHandle, type RunningConsumer } from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import type { OutreachService } from './outreach.service';

/** Group of the outreach consumer (the fuzz test lists it per topic). */
export const OUTREACH_GROUP = 'civil-affairs.outreach';

/**
 * Signals in (R-PD-1); applications and approvals in, as the open cases and current aid a signal's
 * need may already have; reviews rejected or withdrawn, which end an open case. Idempotent: a
 * signal by its id, an application or approval by its id on the coverage record.
 */
export function startOutreachConsumer(
  kafka: KafkaHandle,
  logger: Logger,
  outreach: OutreachService,
): Promise<RunningConsumer> {
  return startConsumer({
    handle: kafka,
    logger,
    group: OUTREACH_GROUP,
    types: [
      Topics.hardshipSignal,
      Topics.applicationSubmitted,
      Topics.assistanceApproved,
      Topics.reviewProgressed,
    ],
    handler: async ({ event }) => {
      switch (event.type) {
        case Topics.hardshipSignal:
          await outreach.handleSignal(event.payload);
          return;
        case Topics.applicationSubmitted:
          await outreach.handleApplication(event.payload);
          return;
        case Topics.assistanceApproved:
          await outreach.handleApproval(event.payload);
          return;
        case Topics.reviewProgressed:
          await outreach.handleReview(event.payload);
          return;
        default:
          logger.warn({ type: event.type }, 'unexpected event type ignored');
      }
    },
  });
}
