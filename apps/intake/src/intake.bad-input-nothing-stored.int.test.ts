import request from 'supertest';
import { startIntakeHarness, validApplication, type IntakeHarness } from './test-harness';

jest.setTimeout(60000);

let h: IntakeHarness;
let clerk: string;

beforeAll(async () => {
  h = await startIntakeHarness('intake-bad');
  clerk = await h.token('clerk-1', ['window_clerk'], '330106');
});

afterAll(async () => {
  await h?.stop();
});

const post = (body: unknown) =>
  request(h.base)
    .post('/applications')
    .set('authorization', `Bearer ${clerk}`)
    .send(body as object);

const withApplicant = (patch: Record<string, unknown>) => ({
  ...validApplication,
  applicant: { ...validApplication.applicant, ...patch },
});

interface Case {
  name: string;
  send: () => request.Test;
  status: number;
  expectError: Record<string, unknown>;
}

const invalid = (path: string, code: string) => ({
  code: 'INVALID_INPUT',
  details: expect.arrayContaining([expect.objectContaining({ path, code })]),
});

const cases: Case[] = [
  {
    name: 'missing required applicant name',
    send: () => post(withApplicant({ name: undefined })),
    status: 400,
    expectError: invalid('applicant.name', 'INVALID_TYPE'),
  },
  {
    name: 'missing items',
    send: () => post({ ...validApplication, items: undefined }),
    status: 400,
    expectError: invalid('items', 'INVALID_TYPE'),
  },
  {
    name: 'R-JH-6 wrong applicant ID check digit',
    send: () => post(withApplicant({ idNumber: '110105194912310021' })),
    status: 400,
    expectError: invalid('applicant.idNumber', 'ID_NUMBER_CHECKSUM'),
  },
  {
    name: 'R-JH-6 wrong household member ID check digit',
    send: () =>
      post({
        ...validApplication,
        householdMembers: [{ name: '王小红', relation: 'spouse', idNumber: '330106199001011222' }],
      }),
    status: 400,
    expectError: invalid('householdMembers.0.idNumber', 'ID_NUMBER_CHECKSUM'),
  },
  {
    name: 'unknown field',
    send: () => post({ ...validApplication, priority: 'high' }),
    status: 400,
    expectError: invalid('priority', 'UNKNOWN_FIELD'),
  },
  {
    name: '$where operator key',
    send: () => post({ ...validApplication, $where: 'sleep(1000)' }),
    status: 400,
    expectError: invalid('$where', 'FORBIDDEN_KEY'),
  },
  {
    name: 'dotted key',
    send: () => post(withApplicant({ 'owner.userId': 'someone-else' })),
    status: 400,
    expectError: invalid('applicant.owner.userId', 'FORBIDDEN_KEY'),
  },
  {
    name: 'owner in the body (R-JH-5: the owner is the authenticated actor)',
    send: () => post({ ...validApplication, owner: { userId: 'someone-else' } }),
    status: 400,
    expectError: invalid('owner', 'UNKNOWN_FIELD'),
  },
  {
    name: 'oversized body',
    send: () => post({ ...validApplication, hardshipDescription: '困'.repeat(120_000) }),
    status: 413,
    expectError: { code: 'BODY_TOO_LARGE' },
  },
  {
    name: 'malformed JSON',
    send: () =>
      request(h.base)
        .post('/applications')
        .set('authorization', `Bearer ${clerk}`)
        .set('content-type', 'application/json')
        .send('{"applicant":'),
    status: 400,
    expectError: { code: 'MALFORMED_JSON' },
  },
  {
    name: 'declaration not signed',
    send: () => post({ ...validApplication, declarationSigned: false }),
    status: 400,
    expectError: invalid('declarationSigned', 'DECLARATION_NOT_SIGNED'),
  },
  {
    name: 'duplicate items',
    send: () => post({ ...validApplication, items: ['dibao', 'medical', 'dibao'] }),
    status: 400,
    expectError: invalid('items.2', 'DUPLICATE_ITEM'),
  },
  {
    name: 'item outside the catalogue',
    send: () => post({ ...validApplication, items: ['lottery'] }),
    status: 400,
    expectError: invalid('items.0', 'INVALID_VALUE'),
  },
  {
    name: 'invalid region code',
    send: () => post(withApplicant({ regionCode: '990101' })),
    status: 400,
    expectError: invalid('applicant.regionCode', 'REGION_CODE_INVALID'),
  },
  {
    name: 'malformed Idempotency-Key header',
    send: () => post(validApplication).set('idempotency-key', 'short'),
    status: 400,
    expectError: invalid('Idempotency-Key', 'IDEMPOTENCY_KEY_INVALID'),
  },
];

describe('intake bad input: 400/413 with field errors, nothing stored, nothing published', () => {
  it.each(cases)('$name', async ({ send, status, expectError }) => {
    const before = await h.countApplications();
    const res = await send().expect(status);
    expect(res.body.error).toMatchObject(expectError);
    for (const detail of res.body.error.details ?? []) {
      expect(detail.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await h.countApplications()).toBe(before);
  });

  it('reports every field error of a request at once', async () => {
    const res = await post({
      ...withApplicant({ idNumber: '110105194912310021', regionCode: '12' }),
      declarationSigned: false,
      items: [],
    }).expect(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'applicant.idNumber',
      'applicant.regionCode',
      'declarationSigned',
      'items',
    ]);
  });

  it('answers 400 to bad list pagination and filters', async () => {
    const list = (query: string) =>
      request(h.base).get(`/applications?${query}`).set('authorization', `Bearer ${clerk}`);
    const bad = await list('page=0&pageSize=500&sort=name').expect(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'page',
      'pageSize',
      'sort',
    ]);
    await list('page=abc').expect(400);
    await list('page=1&page=2').expect(400);
    await list('status[$ne]=x').expect(400);
    await list('from=2026-03-01&to=2026-02-01').expect(400);
    await list('item=lottery').expect(400);
  });

  it('published nothing for any rejected request (a valid sentinel arrives alone)', async () => {
    // This test sends its own rejected requests, so it proves something when run alone too.
    const before = await h.countApplications();
    const earlier = new Set(h.received.map((e) => e.key));
    for (const { send, status } of cases) await send().expect(status);
    const res = await post(validApplication).expect(201);
    // Barrier instead of a sleep: the sentinel was posted after every rejected request, and
    // everything published on its key so far has arrived.
    await h.eventFor(res.body.id);
    await h.settled(res.body.id);
    expect(h.received.map((e) => e.key).filter((k) => !earlier.has(k))).toEqual([res.body.id]);
    expect(await h.countApplications()).toBe(before + 1);
  });
});
