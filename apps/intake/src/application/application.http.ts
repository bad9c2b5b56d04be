import { requireAccess } from '@jh/access-guard';
import type { Express, Request } from 'express';
import { actorOf, requireAuth, type TokenVerifier } from '@jh/platform-auth';
import { invalidInput } from '@jh/platform-errors';
import { handle, parseBody, parseQuery } from '@jh/platform-http';
import { markPersonalDataRead } from '@jh/platform-audit';
import {
  createApplicationInput,
  handoverInput,
  handoverTargetsQuery,
  idempotencyKeyPattern,
  listApplicationsQuery,
  openLookupInput,
  supplyDocumentInput,
} from './application.input';
import type { ApplicationService } from './application.service';
import type { HandoverTargets } from './handover-targets';
import { applicationListItem, applicationView, canSeeFullIdentity } from './application.view';

/** The optional `Idempotency-Key` header; a malformed one is a field error, not ignored. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!idempotencyKeyPattern.test(key)) {
    throw invalidInput([
      {
        path: 'Idempotency-Key',
        code: 'IDEMPOTENCY_KEY_INVALID',
        message: '幂等键应为8至128位字母、数字或 . _ : - 字符',
      },
    ]);
  }
  return key;
}

export function mountApplicationRoutes(
  app: Express,
  service: ApplicationService,
  verifier: TokenVerifier,
  /** Blind index of an ID number: names the people a full read concerned in the audit trail. */
  personRef: (idNumber: string) => string,
  /** Who may receive a hand-over (R-JH-5), from the identity provider. */
  targets: HandoverTargets,
): void {
  // Roles come from the one access table (@jh/domain-access); region scope is checked per record.
  const may = (op: 'read' | 'write') => requireAccess(service, op);
  app.use('/applications', requireAuth(verifier));
  app.post(
    '/applications',
    may('write'),
    handle(async (req, res) => {
      const key = idempotencyKeyOf(req);
      const input = parseBody(createApplicationInput, req.body);
      const { application, replayed } = await service.create(input, actorOf(res), key);
      if (replayed) res.setHeader('idempotent-replayed', 'true');
      res
        .status(replayed ? 200 : 201)
        .location(`/applications/${application._id}`)
        .json(applicationView(application));
    }),
  );
  app.get(
    '/applications',
    may('read'),
    handle(async (req, res) => {
      const query = parseQuery(listApplicationsQuery, req.query);
      const page = await service.list(query, actorOf(res));
      res.json({
        items: page.items.map(applicationListItem),
        page: page.page,
        pageSize: page.pageSize,
        total: page.total,
      });
    }),
  );
  // The intake form's duplicate warning (R-JH-1): the ID number goes in the body, never the URL.
  app.post(
    '/applications/open-lookup',
    may('write'),
    handle(async (req, res) => {
      const input = parseBody(openLookupInput, req.body);
      const open = await service.openFor(input, actorOf(res));
      // 查询留痕: a lookup by a person's ID number is a read of that person's data.
      const personRefs = [personRef(input.idNumber)];
      if (open.length === 0)
        markPersonalDataRead(res, { kind: 'open-lookup', id: '-', personRefs });
      for (const { doc } of open)
        markPersonalDataRead(res, { kind: 'application', id: doc._id, personRefs });
      res.json({
        open: open.map(({ doc, as }) => ({
          id: doc._id,
          applicationNo: doc.applicationNo,
          status: doc.status,
          submittedAt: doc.submittedAt.toISOString(),
          as,
        })),
      });
    }),
  );
  // 首问负责 (R-JH-5): colleagues a hand-over may go to. Mounted before `/:id`.
  app.get(
    '/applications/handover-targets',
    may('write'),
    handle(async (req, res) => {
      const query = parseQuery(handoverTargetsQuery, req.query);
      const actor = actorOf(res);
      // For one application: only one the caller may hand over (else its 404), and colleagues
      // who will see it.
      const record = query.applicationId
        ? {
            regionCode: (await service.get(query.applicationId, actor, 'write')).applicant
              .regionCode,
          }
        : undefined;
      res.json({ items: await targets.for(actor, record) });
    }),
  );
  app.get(
    '/applications/:id',
    may('read'),
    handle(async (req, res) => {
      const doc = await service.get(String(req.params['id']), actorOf(res));
      const full = canSeeFullIdentity(actorOf(res));
      // 查询留痕: an unmasked answer is recorded with the people it shows.
      if (full) {
        markPersonalDataRead(res, {
          kind: 'application',
          id: doc._id,
          personRefs: [doc.applicant.idNumber, ...doc.householdMembers.map((m) => m.idNumber)].map(
            personRef,
          ),
        });
      }
      res.json(applicationView(doc, full));
    }),
  );
  app.post(
    '/applications/:id/handover',
    may('write'),
    handle(async (req, res) => {
      const input = parseBody(handoverInput, req.body);
      const doc = await service.handover(String(req.params['id']), input, actorOf(res));
      res.json(applicationView(doc));
    }),
  );
  app.post(
    '/applications/:id/missing-documents/supplied',
    may('write'),
    handle(async (req, res) => {
      const input = parseBody(supplyDocumentInput, req.body);
      const doc = await service.supplyDocument(String(req.params['id']), input, actorOf(res));
      res.json(applicationView(doc));
    }),
  );
}
