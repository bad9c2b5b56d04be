import { createHash, timingSafeEqual } from 'node:crypto';
import { conflict, notFound, unauthenticated } from '@jh/platform-errors';
import type { Logger } from '@jh/platform-logger';
import type { DeclineCode, PlatformStatus } from '../card-platform/adapter';
import { platformKeyOf, type OrderStatus, type PaymentOrderDoc } from '../order/order.model';
import type { PaymentOrderService } from '../order/order.service';
import type { PaymentOrderStore } from '../order/order.store';

export interface PlatformCallback {
  idempotencyKey: string;
  status: Exclude<PlatformStatus, 'not_found'>;
  platformRef: string;
  amountFen: number;
  decline?: DeclineCode;
}

/**
 * The only states each reported status may move an order from. Anything else is a duplicate or a
 * stale (out-of-order) callback and changes nothing; the platform's query stays the final word.
 */
const appliesFrom: Record<PlatformCallback['status'], OrderStatus[]> = {
  pending: ['sending'],
  paid: ['sending', 'sent'],
  declined: ['sending', 'sent'],
  returned: ['sent', 'confirmed'],
};

const CALLBACK_ACTOR = 'system:card-platform-callback';
/** Re-reads after a lost race; each retry follows a real state change, so a few suffice. */
const maxAttempts = 5;

const digest = (s: string) => createHash('sha256').update(s).digest();

export class CallbackService {
  private readonly expected: Buffer;

  constructor(
    private readonly store: PaymentOrderStore,
    private readonly orders: PaymentOrderService,
    token: string,
    private readonly logger: Logger,
  ) {
    this.expected = digest(token);
  }

  /** Shared-token check in constant time (the platform is not a user: no JWT). */
  authenticate(presented: string | undefined): void {
    if (!presented || !timingSafeEqual(digest(presented), this.expected)) {
      throw unauthenticated('回调令牌无效');
    }
  }

  /**
   * Applies a callback to the order's current state. When the order moved between our read and
   * our conditional write (a sender recording its push while the PAID callback was in flight),
   * the callback is applied again to the state it is in now rather than dropped.
   */
  async receive(cb: PlatformCallback): Promise<{ applied: boolean; status: OrderStatus }> {
    for (let attempt = 1; ; attempt += 1) {
      const order = await this.find(cb);
      if (!appliesFrom[cb.status].includes(order.status)) {
        return { applied: false, status: order.status };
      }
      const result = await this.orders.applyAnswer(
        order._id,
        order.status,
        {
          status: cb.status,
          decline: cb.decline,
          amountFen: cb.amountFen,
          platformRef: cb.platformRef,
        },
        CALLBACK_ACTOR,
      );
      const after = await this.store.findById(order._id);
      const status = after?.status ?? order.status;
      if (result !== undefined) return { applied: true, status };
      if (status === order.status || attempt >= maxAttempts) {
        if (status !== order.status) {
          this.logger.warn({ orderId: order._id, callback: cb.status }, 'callback kept racing');
        }
        return { applied: false, status };
      }
    }
  }

  private async find(cb: PlatformCallback): Promise<PaymentOrderDoc> {
    const order = (await this.store.findByPlatformKeys([cb.idempotencyKey])).find(
      (o) => platformKeyOf(o) === cb.idempotencyKey,
    );
    if (!order) throw notFound('PAYMENT_ORDER_NOT_FOUND', '回调所指的支付指令不存在');
    if (cb.status !== 'declined' && cb.amountFen !== order.amountFen) {
      this.logger.warn(
        { orderId: order._id, orderAmountFen: order.amountFen, callbackAmountFen: cb.amountFen },
        'card platform callback amount differs from the order',
      );
      throw conflict('CALLBACK_AMOUNT_MISMATCH', '回调金额与支付指令不符，未处理');
    }
    if (
      (order.status === 'preallocated' || order.status === 'paid_by_street') &&
      (cb.status === 'paid' || cb.status === 'pending')
    ) {
      // Must not happen (the switch asks the platform first); staff must see it at once.
      this.logger.error(
        { orderId: order._id, status: order.status, callback: cb.status },
        'card platform reports payment of an order pre-allocated to the street',
      );
      throw conflict('ORDER_PREALLOCATED', '该支付指令已转街道代付，平台回调未处理，请核查');
    }
    return order;
  }
}
