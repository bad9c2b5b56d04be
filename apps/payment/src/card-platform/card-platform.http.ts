import type { Express } from 'express';
import type { AccessGuard } from '@jh/access-guard';
import { requireAuth, type TokenVerifier } from '@jh/platform-auth';
import { may } from '../payment.access';
import { handle } from '@jh/platform-http';
import type { PlatformAvailability } from './availability.service';

/** Whether the card platform is reachable, and since when it is not (R-PAY-3). */
export function mountCardPlatformRoutes(
  app: Express,
  deps: { verifier: TokenVerifier; availability: PlatformAvailability; guard: AccessGuard },
): void {
  app.get(
    '/card-platform/status',
    requireAuth(deps.verifier),
    // Kind `report`: a fact about the platform, no one's record; every payment reader may see it.
    may(deps.guard, 'read'),
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
