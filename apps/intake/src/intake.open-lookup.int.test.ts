import request from 'supertest';
import { RECORDS, type AuditRecord } from '@jh/platform-audit';
import { waitFor } from '@jh/platform-testing';
import { startIntakeHarness, validApplication, type IntakeHarness } from './test-harness';

jest.setTimeout(90_000);

// R-JH-1 intake form: a warning when the same person already has an open application.
let h: IntakeHarness;
const t: Record<string, string> = {};
const auth = (token: string | undefined) => ({ authorization: `Bearer ${token}` });
const applicantId = '11010519491231002X';
const memberId = '330106199001011221';
const form = (regionCode: string) => ({
  ...validApplication,
  applicant: { ...validApplication.applicant, idNumber: applicantId, regionCode },
});
const lookup = (token: string | undefined, idNumber: string) =>
  request(h.base).post('/applications/open-lookup').set(auth(token)).send({ idNumber });

beforeAll(async () => {
  h = await startIntakeHarness('open-lookup');
  t.clerkA = await h.token('ol-clerk-a', ['window_clerk'], '330106001');
  t.clerkB = await h.token('ol-clerk-b', ['window_clerk'], '330106002');
  t.auditor = await h.token('ol-auditor', ['auditor'], '330106');
});
afterAll(() => h?.stop());

it('R-JH-1: finds the open applications of a person as applicant or member, in scope only, and records the read', async () => {
  const created = await request(h.base)
    .post('/applications')
    .set(auth(t.clerkA))
    .send(form('330106001'))
    .expect(201);

  const asApplicant = await lookup(t.clerkA, applicantId.toLowerCase()).expect(200);
  expect(asApplicant.body).toEqual({
    open: [
      {
        id: created.body.id,
        applicationNo: created.body.applicationNo,
        status: 'submitted',
        submittedAt: created.body.submittedAt,
        as: 'applicant',
      },
    ],
  });
  const asMember = await lookup(t.clerkA, memberId).expect(200);
  expect(asMember.body.open).toEqual([expect.objectContaining({ as: 'member' })]);

  // Another street does not learn that the person applied elsewhere (R-OV-2).
  expect((await lookup(t.clerkB, applicantId).expect(200)).body).toEqual({ open: [] });
  // Nobody else is found; a read-only role may not use it; a bad number is a field error.
  expect((await lookup(t.clerkA, '330106198503020027').expect(200)).body).toEqual({ open: [] });
  await lookup(t.auditor, applicantId).expect(403);
  const bad = await lookup(t.clerkA, '330106198503020018').expect(400);
  expect(bad.body.error.details[0]).toMatchObject({ path: 'idNumber', code: 'ID_NUMBER_CHECKSUM' });

  // A finished application is no longer open.
  await h.db
    .db!.collection('applications')
    .updateOne({ _id: created.body.id }, { $set: { status: 'approved' } });
  expect((await lookup(t.clerkA, applicantId).expect(200)).body).toEqual({ open: [] });

  // 查询留痕 (R-OV-1): each lookup is a read of that person's data, without the number itself.
  const personRef = h.vault.blindIndex('id-number', applicantId);
  const reads = await waitFor(
    async () => {
      const all = await h.db
        .db!.collection<AuditRecord>(RECORDS)
        .find({ action: 'personal-data.read' })
        .toArray();
      return all.filter((r) => r.personRefs?.includes(personRef)).length >= 3 ? all : undefined;
    },
    { what: 'the lookup read records' },
  );
  expect(reads.find((r) => r.object.id === created.body.id)).toMatchObject({
    actor: { userId: 'ol-clerk-a' },
    object: { kind: 'application' },
  });
  expect(reads.some((r) => r.actor.userId === 'ol-clerk-b')).toBe(true);
  expect(JSON.stringify(reads)).not.toContain(applicantId);
});
