import { Topics, type AssistanceApproved } from '@jh/contracts';
import { originOf } from '@jh/platform-telemetry';
import { startConsumer, type KafkaHandle, type RunningConsumer } from '@jh/platform-kafka';
import type { Logger } from '@jh/platform-logger';
import type { PaymentOrderService } from './order.service';

/** The monthly register's part of an approval (the batch feature's RecipientService). */
export interface ApprovalRegister {
  registerFromApproval(payload: AssistanceApproved, eventId: string): Promise<unknown>;
}

/** Approvals in; idempotent on the instalment key, so redeliveries and re-sends create nothing. */
export async function startApprovalConsumer(
  kafka: KafkaHandle,
  logger: Logger,
  orders: PaymentOrderService,
  recipients?: ApprovalRegister,
): Promise<RunningConsumer> {
  return startConsumer({
    handle: kafka,
    logger,
    group: 'payment.orders',
    types: [Topics.assistanceApproved],
    handler: async ({ envelope, event }) => {
      if (event.type !== Topics.assistanceApproved) return;
      await orders.ingestApproval(event.payload, envelope.eventId, originOf(envelope.traceparent));
      // MONTHLY approvals also join the monthly batch's register (idempotent on the approval id).
      await recipients?.registerFromApproval(event.payload, envelope.eventId);
    },
  });
}
