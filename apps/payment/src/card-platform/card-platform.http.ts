import type { Express } from 'express';
import { requireAuth, requireRole, type TokenVerifier } from '@jh/platform-auth';
import { handle } from '@jh/platform-http';
import type { PlatformAvailability } from './availability.service';

/** Whether the card platform is reachable, and since when it is not (R-PAY-3). */
export function mountCardPlatformRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; availability: PlatformAvailability },
): void {
  app.get(
    '/card-platform/status',
    requireAuth(deps.verifier),
    requireRole('payment_staff', 'auditor', 'city_bureau', 'county_bureau'),
    handle(async (_req, res) => {
      const s = await deps.availability.status();
      res.json({
        ...s,
        downSince: s.downSince?.toISOString() ?? null,
        lastFailureAt: s.lastFailureAt?.toISOString() ?? null,
        lastOkAt: s.lastOkAt?.toISOString() ?? null,
      });
    }),
  );
}
