import { defineFeature } from '@jh/platform-service';
import { cachedGauge } from '@jh/platform-telemetry';
import { reserveEnv } from './reserve.env';
import { mountReserveRoutes } from './reserve.http';
import { reserveEntryModel } from './reserve.model';
import { ReserveService } from './reserve.service';
import { MongoReserveStore } from './reserve.store';
import { migratePaymentScope, paymentGuard } from '../payment.access';

/** Street temporary-assistance reserves (R-PAY-4): an append-only ledger, alarm below the minimum. */
export const reserveFeature = defineFeature({
  name: 'reserve',
  env: reserveEnv,
  async start({ config, mongo, logger, verifier, clock }) {
    const entries = reserveEntryModel(mongo);
    await entries.init();
    const migrated = await migratePaymentScope(mongo, 'payment_reserve_entries');
    if (migrated > 0) logger.info({ migrated }, 'scope keys added to older reserve entries');
    const store = new MongoReserveStore(entries);
    // For the alert below 10,000 元 (R-PAY-4); the ledger is summed at most once a minute.
    cachedGauge(
      'jh_street_reserve_balance_fen',
      '街道临时救助备用金余额（分）/ street reserve balance in fen (R-PAY-4)',
      { everyMs: 60_000, clock },
      async () =>
        [...(await store.balances())].map(([street, fen]) => ({
          value: fen,
          attributes: { street },
        })),
    );
    const reserves = new ReserveService(
      store,
      config.RESERVE_MIN_FEN,
      logger.child({ component: 'street-reserve' }),
      clock,
    );
    const guard = paymentGuard('reserve', logger);
    return {
      api: reserves,
      mountHttp: (app) => mountReserveRoutes(app, { verifier, reserves, guard }),
    };
  },
});
