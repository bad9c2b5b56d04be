import { Topics } from '@jh/contracts';
import { startConsumer, type KafkaHandle, type RunningConsumer } from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import type { RecipientService } from './batch/recipient.service';
import type { PaymentOrderService } from './order/order.service';

/** Approvals in; idempotent on the instalment key, so redeliveries and re-sends create nothing. */
export function startApprovalConsumer(
  kafka: KafkaHandle,
  logger: Logger,
  orders: PaymentOrderService,
  recipients?: RecipientService,
): Promise<RunningConsumer> {
  return startConsumer({
    handle: kafka,
    logger,
    group: 'payment.orders',
    types: [Topics.assistanceApproved],
    handler: async ({ envelope, event }) => {
      if (event.type !== Topics.assistanceApproved) return;
      await orders.ingestApproval(event.payload, envelope.eventId);
      // MONTHLY approvals also join the monthly batch's register (idempotent on the approval id).
      await recipients?.registerFromApproval(event.payload, envelope.eventId);
    },
  });
}
