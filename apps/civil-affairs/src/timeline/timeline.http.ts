import type { Express } from 'express';
import type { Model } from 'mongoose';
import type { AccessGuard } from '@jh/access-guard';
import { actorOf, requireAuth, type TokenVerifier } from '@jh/platform-auth';
import { handle, iso } from '@jh/platform-http';
import type { CaseService } from '../case/case.service';
import { assertInScope, may } from '../access';
import type { TimelineEntryDoc } from './timeline.model';

/** A case's timeline, oldest first, for callers who may read the case (R-OV-2). */
export function mountTimelineRoutes(
  app: Express,
  deps: {
    verifier: TokenVerifier;
    cases: CaseService;
    timeline: Model<TimelineEntryDoc>;
    guard: AccessGuard;
  },
): void {
  const { verifier, cases, timeline, guard } = deps;
  app.get(
    '/cases/:id/timeline',
    requireAuth(verifier),
    may(guard, 'read'),
    handle(async (req, res) => {
      const id = String(req.params['id']);
      assertInScope(guard, actorOf(res), 'read', await cases.get(id), id);
      // One indexed equality on the case id (ADR 0013); a case has few lines, sorted here.
      const rows = await timeline.find({ caseId: id }).lean<TimelineEntryDoc[]>().exec();
      rows.sort((a, b) => a.at.getTime() - b.at.getTime() || a._id.localeCompare(b._id));
      res.json({
        items: rows.map((r) => ({
          at: iso(r.at),
          service: r.service,
          kind: r.kind,
          title: r.title,
          ...(r.actor ? { actor: r.actor } : {}),
          ...(r.traceId ? { traceId: r.traceId } : {}),
          eventId: r._id,
        })),
      });
    }),
  );
}
