import { randomUUID } from 'node:crypto';
import { isSealed } from '@jh/platform-crypto';
import { parseBody, requestHash } from '@jh/platform-http';
import { idNumbersIn } from '@jh/domain-application';
import { phonesIn, storedDocuments, waitFor } from '@jh/platform-testing';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { createApplicationInput } from './application/application.input';
import { applicationModels } from './application/application.model';
import { MongoApplicationStore } from './application/application.store';
import { startIntakeHarness, validApplication, type IntakeHarness } from './test-harness';

jest.setTimeout(90_000);

// Issue 14 (field encryption with search): intake's storage holds no clear personal data.
const fresh = {
  ...validApplication,
  applicant: {
    name: '赵一',
    idNumber: '330106198503151238',
    phone: '13912345678',
    address: '浙江省杭州市西湖区天目山路88号',
    regionCode: '330106',
    citizenCardNo: '3301069876543210',
  },
  householdMembers: [{ name: '赵小一', relation: 'child', idNumber: '330106201007044569' }],
  hardshipDescription: '独自抚养子女，无固定收入来源',
};
const legacyBody = {
  ...validApplication,
  applicant: { ...validApplication.applicant, idNumber: '33010619720808789X' },
  hardshipDescription: '老人独居，长期患病需要照料',
};
const legacyKey = `legacy-${randomUUID()}`;
const clerkId = 'sr-clerk';

/** An application as a version before sealing stored it: clear text, an unkeyed request hash. */
async function storeLegacy(db: Connection): Promise<void> {
  const input = parseBody(createApplicationInput, legacyBody);
  await db.db!.collection<{ _id: string; [k: string]: unknown }>('applications').insertOne({
    _id: 'legacy-app-1',
    applicationNo: 'JH-2025-000001',
    status: 'submitted',
    applicant: input.applicant,
    householdMembers: input.householdMembers,
    items: input.items,
    channel: input.channel,
    hardshipDescription: input.hardshipDescription,
    declarationSigned: input.declarationSigned,
    owner: { userId: clerkId, regionCode: '330106' },
    ownerHistory: [],
    missingDocuments: input.missingDocuments,
    outstandingDocuments: input.missingDocuments,
    suppliedDocuments: [],
    idempotencyKey: `key:${clerkId}:${legacyKey}`,
    requestHash: requestHash(clerkId, input),
    submittedAt: new Date('2025-06-01T02:00:00Z'),
    outbox: [],
  });
}

let h: IntakeHarness;
let clerk: string;
let reviewer: string;
let coordinator: string;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  h = await startIntakeHarness('intake-sealed', { seed: storeLegacy });
  clerk = await h.token(clerkId, ['window_clerk'], '330106');
  reviewer = await h.token('sr-reviewer', ['first_reviewer'], '330106');
  coordinator = await h.token('sr-coord', ['coordinator'], '330100');
});
afterAll(async () => {
  await h?.stop();
});

describe('intake keeps personal data sealed at rest (issue 14)', () => {
  let id = '';

  it('seals a new application, answers the views, replays by key and finds it by ID number', async () => {
    const key = `k-${randomUUID()}`;
    const created = await request(h.base)
      .post('/applications')
      .set({ ...auth(clerk), 'idempotency-key': key })
      .send(fresh)
      .expect(201);
    id = created.body.id;
    await request(h.base)
      .post('/applications')
      .set({ ...auth(clerk), 'idempotency-key': key })
      .send(fresh)
      .expect(200);
    await request(h.base)
      .post(`/applications/${id}/missing-documents/supplied`)
      .set(auth(clerk))
      .send({ document: '户口簿', note: '已补交' })
      .expect(200);

    const full = await request(h.base).get(`/applications/${id}`).set(auth(reviewer)).expect(200);
    expect(full.body.applicant).toMatchObject({
      idNumber: fresh.applicant.idNumber,
      phone: fresh.applicant.phone,
      address: fresh.applicant.address,
      citizenCardNo: fresh.applicant.citizenCardNo,
    });
    expect(full.body.householdMembers[0].idNumber).toBe('330106201007044569');
    expect(full.body.hardshipDescription).toBe(fresh.hardshipDescription);
    const masked = await request(h.base).get(`/applications/${id}`).set(auth(coordinator));
    expect(masked.status).toBe(200);
    expect(masked.body.applicant.idNumber).toBe('330106********1238');
    expect(masked.body.applicant.phone).toBe('139****5678');

    const raw = await h.db.db!.collection('applications').findOne({ _id: id as never });
    expect(isSealed(raw?.['applicant']['idNumber'])).toBe(true);
    const opened = await (await h.cipher()).open(raw);
    // The request fingerprint is keyed: not the unkeyed SHA-256 of the request.
    const input = parseBody(createApplicationInput, fresh);
    expect(opened?.['requestHash']).not.toBe(requestHash(clerkId, input));

    const store = new MongoApplicationStore(applicationModels(h.db), await h.cipher());
    const byApplicant = await store.findByIdNumber(fresh.applicant.idNumber);
    expect(byApplicant.map((a) => a._id)).toEqual([id]);
    expect(byApplicant[0]?.applicant.phone).toBe(fresh.applicant.phone);
    const byMember = await store.findByIdNumber('330106201007044569');
    expect(byMember.map((a) => a._id)).toEqual([id]);
    expect(await store.findByIdNumber('110105194912310011')).toEqual([]);
  });

  it('the background pass seals an application stored in clear before, which still reads and replays', async () => {
    const sealed = await waitFor(
      async () => {
        const doc = await h.db
          .db!.collection('applications')
          .findOne({ _id: 'legacy-app-1' as never });
        return isSealed(doc?.['applicant']['idNumber']) ? doc : undefined;
      },
      { what: 'legacy application sealed' },
    );
    expect(isSealed(sealed['hardshipDescription'])).toBe(true);
    expect(isSealed(sealed['householdMembers'][0].idNumber)).toBe(true);
    expect(isSealed(sealed['requestHash'])).toBe(true);

    const full = await request(h.base)
      .get('/applications/legacy-app-1')
      .set(auth(reviewer))
      .expect(200);
    expect(full.body.applicant.idNumber).toBe('33010619720808789X');
    expect(full.body.hardshipDescription).toBe(legacyBody.hardshipDescription);
    // Its stored (unkeyed, now sealed) request hash still recognises the same request.
    const replay = await request(h.base)
      .post('/applications')
      .set({ ...auth(clerk), 'idempotency-key': legacyKey })
      .send(legacyBody)
      .expect(200);
    expect(replay.body.id).toBe('legacy-app-1');
    const store = new MongoApplicationStore(applicationModels(h.db), await h.cipher());
    const found = await store.findByIdNumber('33010619720808789X');
    expect(found.map((a) => a._id)).toEqual(['legacy-app-1']);
  });

  it('no collection of the database holds a clear ID number, phone, card number, address or situation text', async () => {
    expect(id).not.toBe('');
    const db = h.db.db!;
    const names = (await db.listCollections().toArray()).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['applications', 'counters', 'data_keys']));
    const secrets = [
      fresh.applicant.idNumber,
      fresh.applicant.phone,
      fresh.applicant.address,
      fresh.applicant.citizenCardNo,
      fresh.householdMembers[0]!.idNumber,
      fresh.hardshipDescription,
      legacyBody.applicant.idNumber,
      legacyBody.applicant.phone,
      legacyBody.applicant.address,
      legacyBody.householdMembers[0]!.idNumber,
      legacyBody.hardshipDescription,
    ];
    const stored = await storedDocuments(db);
    for (const { collection: name, text } of stored) {
      for (const secret of secrets)
        expect({ name, found: text.includes(secret) }).toEqual({
          name,
          found: false,
        });
      expect({ name, ids: idNumbersIn(text), phones: phonesIn(text) }).toEqual({
        name,
        ids: [],
        phones: [],
      });
    }
    expect(stored.length).toBeGreaterThanOrEqual(3);
  });
});
