import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { applicationIdForKey } from './application/application.numbers';
import { startIntakeHarness, validApplication, type IntakeHarness } from './test-harness';

jest.setTimeout(60000);

let h: IntakeHarness;
let clerk: string;

beforeAll(async () => {
  h = await startIntakeHarness('intake-idem');
  clerk = await h.token('clerk-1', ['window_clerk'], '330106');
});

afterAll(async () => {
  await h?.stop();
});

const post = (body: object, key?: string, token = clerk) => {
  const req = request(h.base).post('/applications').set('authorization', `Bearer ${token}`);
  if (key) req.set('idempotency-key', key);
  return req.send(body);
};

describe('idempotent creation with Idempotency-Key (Mojaloop duplicate check)', () => {
  it('same key and same body twice: one application, one event, the same answer', async () => {
    const key = `k-${randomUUID()}`;
    const first = await post(validApplication, key).expect(201);
    // Key order and surrounding blanks do not make it another request.
    const reordered = {
      ...Object.fromEntries(Object.entries(validApplication).reverse()),
      applicant: { ...validApplication.applicant, name: ' 王小明 ' },
    };
    const second = await post(reordered, key).expect(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(second.headers['location']).toBe(`/applications/${first.body.id}`);

    await h.eventFor(first.body.id);
    await h.settled(first.body.id);
    expect(h.received.filter((e) => e.key === first.body.id)).toHaveLength(1);
    expect(
      await h.db.collection('applications').countDocuments({ 'applicant.name': '王小明' }),
    ).toBe(1);
  });

  it('same key with a different body: 409 IDEMPOTENCY_KEY_REUSED and nothing new', async () => {
    const key = `k-${randomUUID()}`;
    const first = await post({ ...validApplication, items: ['medical'] }, key).expect(201);
    await h.eventFor(first.body.id);
    const before = await h.countApplications();
    const published = h.received.length;
    const res = await post({ ...validApplication, items: ['housing'] }, key).expect(409);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await h.countApplications()).toBe(before);
    await h.settled(first.body.id);
    // One event per stored application, none for the refused requests.
    expect(h.received.length).toBe(published);
    const keys = h.received.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(await h.countApplications());
  });

  it("input: an Idempotency-Key is scoped to the caller, so user B's key never returns user A's application", async () => {
    const key = `k-${randomUUID()}`;
    const body = { ...validApplication, items: ['medical'] };
    const mine = await post(body, key).expect(201);
    const other = await h.token('clerk-2', ['window_clerk'], '330106');
    // Same key, same body, another caller: a new application of their own, not a replay of A's.
    const theirs = await post(body, key, other).expect(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(JSON.stringify(theirs.body)).not.toContain(mine.body.applicationNo);
    // Each caller's replay still answers with their own application.
    expect((await post(body, key, other).expect(200)).body.id).toBe(theirs.body.id);
    expect((await post(body, key).expect(200)).body.id).toBe(mine.body.id);
  });

  it('concurrent duplicates with one key create a single application', async () => {
    const key = `k-${randomUUID()}`;
    const body = { ...validApplication, items: ['employment'], channel: 'online' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(body, key)));
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    const [id] = [...ids];
    expect(await h.db.collection('applications').countDocuments({ items: 'employment' })).toBe(1);
    await h.eventFor(String(id));
    await h.settled(String(id));
    expect(h.received.filter((e) => e.key === id)).toHaveLength(1);
  });

  it('without a key every request is a new application (the header is optional)', async () => {
    const body = { ...validApplication, items: ['disaster'] };
    const a = await post(body).expect(201);
    const b = await post(body).expect(201);
    expect(a.body.id).not.toBe(b.body.id);
    expect(await h.db.collection('applications').countDocuments({ items: 'disaster' })).toBe(2);
  });

  // Issue 12: a replay is an `_id` point lookup; an application stored before keyed ids existed
  // (random `_id`, key only in its unique index) is still found and replayed, never duplicated.
  it('stores a keyed application under its key’s id, and still replays one stored before keyed ids', async () => {
    const key = `k-${randomUUID()}`;
    const body = { ...validApplication, items: ['medical'], channel: 'online' };
    const first = await post(body, key).expect(201);
    expect(first.body.id).toBe(applicationIdForKey(`key:clerk-1:${key}`));

    const oldKey = `k-${randomUUID()}`;
    const stored = await h.db.collection('applications').findOne({ _id: first.body.id as never });
    const legacyId = randomUUID();
    await h.db.collection('applications').insertOne({
      ...stored,
      _id: legacyId as never,
      applicationNo: 'JH-2025-999999',
      idempotencyKey: `key:clerk-1:${oldKey}`,
      outbox: [],
    });
    const replay = await post(body, oldKey).expect(200);
    expect(replay.body.id).toBe(legacyId);
    expect(
      await h.db
        .collection('applications')
        .countDocuments({ idempotencyKey: `key:clerk-1:${oldKey}` }),
    ).toBe(1);
  });
});
