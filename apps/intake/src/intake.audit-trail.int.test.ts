import request from 'supertest';
import { AssistanceItem, ReviewStatus, ReviewStep, Topics } from '@jh/contracts';
import {
  devSigningKeyPem,
  RECORDS,
  verifierFromPem,
  verifyChain,
  type AuditRecord,
} from '@jh/platform-audit';
import { waitFor } from '@jh/platform-testing';
import { startIntakeHarness, validApplication, type IntakeHarness } from './test-harness';

jest.setTimeout(90_000);

// Issue 14 (audit trail): every state change and every unmasked read (查询留痕) is on the chain.
let h: IntakeHarness;
let clerk: string;
let reviewer: string;
let coordinator: string;
let auditor: string;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  h = await startIntakeHarness('audit-trail');
  clerk = await h.token('at-clerk', ['window_clerk'], '330106');
  reviewer = await h.token('at-reviewer', ['first_reviewer'], '330106');
  coordinator = await h.token('at-coord', ['coordinator'], '330100');
  auditor = await h.token('at-auditor', ['auditor'], '330100');
});
afterAll(() => h.stop());

const records = () => h.db.db!.collection<AuditRecord>(RECORDS).find({}).sort({ seq: 1 }).toArray();

it('records the create, the unmasked read with the people it showed, and not the masked one', async () => {
  const created = await request(h.base)
    .post('/applications')
    .set(auth(clerk))
    .send(validApplication)
    .expect(201);
  const id = created.body.id as string;
  await request(h.base).get(`/applications/${id}`).set(auth(coordinator)).expect(200);
  const full = await request(h.base).get(`/applications/${id}`).set(auth(reviewer)).expect(200);
  expect(full.body.applicant.idNumber).toBe(validApplication.applicant.idNumber);

  const trail = await waitFor(
    async () => {
      const all = await records();
      return all.some((r) => r.action === 'personal-data.read') ? all : undefined;
    },
    { what: 'the read record' },
  );
  const create = trail.find((r) => r.action === 'POST /applications');
  expect(create).toMatchObject({ actor: { userId: 'at-clerk', roles: ['window_clerk'] } });
  const reads = trail.filter((r) => r.action === 'personal-data.read');
  expect(reads).toHaveLength(1);
  expect(reads[0]).toMatchObject({
    actor: { userId: 'at-reviewer', regionCode: '330106' },
    object: { kind: 'application', id },
    personRefs: expect.arrayContaining([
      h.vault.blindIndex('id-number', validApplication.applicant.idNumber),
    ]),
  });
  expect(reads[0]!.source).toBeTruthy();
  // Nothing personal in the trail itself.
  expect(JSON.stringify(trail)).not.toContain(validApplication.applicant.idNumber);

  // Auditors find it by the person's ID number (through the blind index), as JSON and CSV.
  const byPerson = await request(h.base)
    .post('/audit/records/search')
    .send({ idNumber: validApplication.applicant.idNumber })
    .set(auth(auditor))
    .expect(200);
  expect(byPerson.body.items.map((r: { action: string }) => r.action)).toContain(
    'personal-data.read',
  );
  const csv = await request(h.base)
    .get('/audit/records.csv')
    .query({ userId: 'at-reviewer' })
    .set(auth(auditor))
    .expect(200);
  expect(csv.text).toContain('at-reviewer');
  await request(h.base).get('/audit/records').set(auth(reviewer)).expect(403);

  // The system's own changes: an event intake's consumer handled is on the chain too.
  const eventId = await h.publish(Topics.reviewProgressed, {
    reviewId: `case-${id}:dibao`,
    caseId: `case-${id}`,
    applicationId: id,
    item: AssistanceItem.ASSISTANCE_ITEM_DIBAO,
    step: ReviewStep.REVIEW_STEP_FIRST_REVIEW,
    status: ReviewStatus.REVIEW_STATUS_UNDER_CHECK,
    sequence: 1,
    summary: '最低生活保障：初审完成',
    occurredAt: new Date(),
  });
  const handled = await waitFor(
    async () => (await records()).find((r) => r.object.id === eventId),
    { what: 'the handled-event record' },
  );
  expect(handled).toMatchObject({
    actor: { userId: 'system:intake', roles: ['service'] },
    action: `event.handled ${Topics.reviewProgressed}`,
    object: { kind: 'event', id: eventId },
  });

  // The auditors' own searches are on the chain too.
  const final = await waitFor(
    async () => {
      const all = await records();
      return all.some((r) => r.action === 'POST /audit/records/search') ? all : undefined;
    },
    { what: 'the search record' },
  );
  expect(final.find((r) => r.action === 'POST /audit/records/search')?.actor.userId).toBe(
    'at-auditor',
  );

  // The chain verifies end to end.
  const result = await verifyChain({
    db: h.db.db!,
    chain: 'intake',
    hash: 'sha256',
    verifier: verifierFromPem(devSigningKeyPem('sha256')),
  });
  expect(result).toMatchObject({ ok: true, checked: final.length });
});
