import type { Express } from 'express';
import type { Connection } from 'mongoose';
import type { TokenVerifier } from '@jh/platform-auth';
import type { Logger } from '@jh/platform-logger';
import type { CardPlatform } from './card-platform/adapter';
import { PlatformAvailability, platformStatusModel } from './card-platform/availability';
import { CallbackService } from './callbacks/callback.service';
import type { PaymentConfig } from './env';
import { FallbackService } from './fallback/fallback.service';
import type { Operations } from './operations';
import { mountOperationsRoutes } from './operations.http';
import { OrderActionsService } from './order/order.actions';
import type { PaymentOrderService } from './order/order.service';
import type { PaymentOrderStore } from './order/order.store';
import { reconciliationModel } from './reconciliation/reconciliation.service';
import { TotalsService } from './reports/totals.service';
import { reserveEntryModel } from './reserve/reserve.model';
import { ReserveService } from './reserve/reserve.service';
import { MongoReserveStore } from './reserve/reserve.store';

type OperationsConfig = Pick<
  PaymentConfig,
  | 'FALLBACK_AFTER_MINUTES'
  | 'RESERVE_MIN_FEN'
  | 'CARD_PLATFORM_CALLBACK_TOKEN'
  | 'SEND_LEAD_HOURS'
  | 'SEND_LEASE_MS'
>;

/**
 * Fallback to the street, street reserves, staff actions, callbacks and totals. Two steps because
 * the platform adapter must be wrapped (availability tracking) before the sender is built.
 */
export async function createOperations(
  mongo: Connection,
  config: OperationsConfig,
  logger: Logger,
  clock?: () => Date,
) {
  const statusModel = platformStatusModel(mongo);
  const entries = reserveEntryModel(mongo);
  await Promise.all([statusModel.init(), entries.init()]);
  const availability = new PlatformAvailability(
    statusModel,
    config.FALLBACK_AFTER_MINUTES * 60_000,
    logger.child({ component: 'platform-availability' }),
    clock,
  );
  return {
    /** Wraps the platform adapter so every call's outcome is recorded (R-PAY-3). */
    track: (platform: CardPlatform) => availability.track(platform),
    async wire(
      platform: CardPlatform,
      store: PaymentOrderStore,
      orders: PaymentOrderService,
    ): Promise<Operations & { mountHttp(app: Express, verifier: TokenVerifier): void }> {
      const reserves = new ReserveService(
        new MongoReserveStore(entries),
        config.RESERVE_MIN_FEN,
        logger.child({ component: 'street-reserve' }),
        clock,
      );
      const fallback = new FallbackService(
        store,
        platform,
        availability,
        orders,
        reserves,
        { sendLeadMs: config.SEND_LEAD_HOURS * 3600_000, leaseMs: config.SEND_LEASE_MS },
        logger.child({ component: 'fallback' }),
        clock,
      );
      // A crash between a first-aid pre-allocation and its reserve debit is repaired at start-up.
      await fallback.bookReserveDebits();
      const ops: Operations = {
        availability,
        fallback,
        actions: new OrderActionsService(store, platform, orders, clock),
        reserves,
        callbacks: new CallbackService(
          store,
          orders,
          config.CARD_PLATFORM_CALLBACK_TOKEN,
          logger.child({ component: 'card-callbacks' }),
        ),
        totals: new TotalsService(store, reconciliationModel(mongo)),
      };
      return { ...ops, mountHttp: (app, verifier) => mountOperationsRoutes(app, ops, verifier) };
    },
  };
}
