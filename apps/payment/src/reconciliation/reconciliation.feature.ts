import { defineFeature } from '@jh/platform-service';
import type { PaymentOrderStore } from '../order/order.store';
import { reconciliationEnv } from './reconciliation.env';
import { mountReconciliationRoutes } from './reconciliation.http';
import { reconciliationModels } from './reconciliation.model';
import { ReconciliationService } from './reconciliation.service';
import { MongoReconciliationStore } from './reconciliation.store';
import { paymentGuard } from '../payment.access';
import type { PaymentCiphers } from '../sealed-fields';

/** Import of the card platform's daily statement, matched against the orders (R-PAY-5). */
export const reconciliationFeature = defineFeature({
  name: 'reconciliation',
  env: reconciliationEnv,
  async start(
    { config, mongo, logger, verifier, onStop, clock, vault },
    deps: { orders: PaymentOrderStore; ciphers: PaymentCiphers },
  ) {
    const models = reconciliationModels(mongo);
    await Promise.all([models.Reconciliation.init(), models.FindingChunk.init()]);
    const store = new MongoReconciliationStore(models, deps.ciphers);
    const reconciliation = new ReconciliationService(
      store,
      deps.orders,
      logger.child({ component: 'reconciliation' }),
      (sha256) => vault.keyedDigest('statement-file', sha256),
      {
        chunkRows: config.RECONCILE_CHUNK_ROWS,
        lookupConcurrency: config.RECONCILE_LOOKUP_CONCURRENCY,
      },
      clock,
    );
    onStop(() => reconciliation.stop());
    return {
      api: { reconciliation, store },
      mountHttp: (app) =>
        mountReconciliationRoutes(app, {
          reconciliation,
          verifier,
          guard: paymentGuard('reconciliation', logger),
          platformRegion: config.PAYMENT_REGION_CODE,
        }),
    };
  },
});
