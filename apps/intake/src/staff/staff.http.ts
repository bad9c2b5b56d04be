import type { Express } from 'express';
import { requireAuth, requireRole, roles, type TokenVerifier } from '@jh/platform-auth';
import { handle, parseBody } from '@jh/platform-http';
import { staffNamesInput, type StaffNames } from './staff-names';

/**
 * Every back-office role may read colleagues' names (who accepted, who handed over, who
 * reported): names of staff are not household data. Service accounts have no screen to show.
 */
export const staffNameReaders = roles.filter((r) => r !== 'service');

export function mountStaffRoutes(app: Express, verifier: TokenVerifier, names: StaffNames): void {
  app.post(
    '/staff/names',
    requireAuth(verifier),
    requireRole(...staffNameReaders),
    handle(async (req, res) => {
      const { ids } = parseBody(staffNamesInput, req.body);
      res.json({ names: await names.of(ids) });
    }),
  );
}
