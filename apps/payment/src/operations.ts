import type { CallbackService } from './callbacks/callback.service';
import type { PlatformAvailability } from './card-platform/availability';
import type { FallbackService } from './fallback/fallback.service';
import type { OrderActionsService } from './order/order.actions';
import type { TotalsService } from './reports/totals.service';
import type { ReserveService } from './reserve/reserve.service';

/** The operations services the routes work on (its own file so routes and module do not import each other). */
export interface Operations {
  availability: PlatformAvailability;
  fallback: FallbackService;
  actions: OrderActionsService;
  reserves: ReserveService;
  callbacks: CallbackService;
  totals: TotalsService;
}
