import { defineFeature } from '@jh/platform-service';
import type { PaymentOrderStore } from '../order/order.store';
import { paymentGuard, paymentRegionEnv } from '../payment.access';
import type { ReconciliationStore } from '../reconciliation/reconciliation.store';
import { mountReportRoutes } from './reports.http';
import { TotalsService } from './totals.service';

/** Totals for the bureau: orders by money state and reconciliation findings, per group. */
export const reportsFeature = defineFeature({
  name: 'reports',
  env: paymentRegionEnv,
  async start(
    { config, logger, verifier },
    deps: { orders: PaymentOrderStore; reconciliations: ReconciliationStore },
  ) {
    const totals = new TotalsService(deps.orders, deps.reconciliations);
    const guard = paymentGuard('report', logger);
    const platformRegion = config.PAYMENT_REGION_CODE;
    return {
      api: totals,
      mountHttp: (app) => mountReportRoutes(app, { verifier, totals, guard, platformRegion }),
    };
  },
});
