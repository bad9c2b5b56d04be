import { randomUUID } from 'node:crypto';
import { AssistanceItem, Topics } from '@jh/contracts';
import type { MatrixTarget } from '@jh/access-guard';
import type { ResourceKind } from '@jh/domain-access';
import { keycloakToken, waitFor } from '@jh/platform-testing';
import request from 'supertest';
import { seedOutreachRecords } from './outreach/outreach.access-matrix';
import { application, validIdNumber, type Harness } from './test-harness';

/**
 * The records the civil-affairs access matrix acts on (issue 13): one of every kind in street
 * 330106001 and one in 330105001, made through the API by city-level test users.
 */
export const STREETS = ['330106001', '330105001'] as const;
export const MONTH = '2026-10';

let h: Harness;
/** Per kind, per street: the record the cells act on (and what a request needs besides its id). */
export const ids: Record<string, Record<string, string>> = {};
export const partOf: Record<string, string> = {};
export const targets: Partial<Record<ResourceKind, MatrixTarget[]>> = {};

const as = (token: string) => ({
  post: (path: string, body: object) =>
    request(h.base).post(path).set('authorization', `Bearer ${token}`).send(body),
  get: (path: string) => request(h.base).get(path).set('authorization', `Bearer ${token}`),
});

const region = (t: MatrixTarget) => t.regionCode;
export const idOf = (kind: string) => (t: MatrixTarget) => ids[kind]?.[region(t)] ?? 'missing';
export const rows =
  (pick: (row: Record<string, unknown>) => unknown) =>
  (body: unknown): string[] =>
    ((body as { items?: Record<string, unknown>[] }).items ?? []).map((r) => String(pick(r)));

export async function seedMatrixRecords(harness: Harness): Promise<void> {
  h = harness;
  const city = {
    clerk: await keycloakToken({
      userId: 'mx-clerk',
      roles: ['window_clerk'],
      regionCode: '330100',
    }),
    reviewer: await keycloakToken({
      userId: 'mx-reviewer',
      roles: ['first_reviewer'],
      regionCode: '330100',
    }),
    approver: await keycloakToken({
      userId: 'mx-approver',
      roles: ['approver'],
      regionCode: '330100',
    }),
    county: await keycloakToken({
      userId: 'mx-county',
      roles: ['county_bureau'],
      regionCode: '330100',
    }),
  };
  for (const [n, street] of STREETS.entries()) {
    // A case of each street, from intake, with a department part (education) and civil items.
    const caseId = randomUUID();
    const app = application(
      caseId,
      [
        AssistanceItem.ASSISTANCE_ITEM_DIBAO,
        AssistanceItem.ASSISTANCE_ITEM_TEMPORARY,
        AssistanceItem.ASSISTANCE_ITEM_EDUCATION,
      ],
      h.clock.now,
    );
    app.applicant = { ...app.applicant!, regionCode: street, idNumber: validIdNumber(700 + n) };
    app.owner = { userId: 'mx-clerk', officeId: '', regionCode: street };
    await h.publish(Topics.applicationSubmitted, app, caseId);
    const found = await waitFor(
      async () => {
        const res = await as(city.clerk).get(`/cases/${caseId}`);
        return res.status === 200 ? res.body : undefined;
      },
      { what: `case ${caseId}` },
    );
    (ids['case'] ??= {})[street] = caseId;
    partOf[caseId] = found.parts[0].partId;

    const review = await as(city.clerk).post('/reviews', { caseId, item: 'dibao' });
    expect(review.status).toBe(201);
    (ids['review'] ??= {})[street] = review.body.id;

    const deliberation = await as(city.clerk).post('/deliberations', {
      caseId,
      hardship: '突发重病，现行政策难以覆盖的特殊困难',
      declaration: { signed: true, signedOn: '2026-11-02', text: '本人承诺所填信息真实' },
    });
    expect(deliberation.status).toBe(201);
    (ids['deliberation'] ??= {})[street] = deliberation.body.id;
    // A periodic review task (R-YS-1) as the service stores it.
    const taskId = `${deliberation.body.id}:2026:2`;
    await h.db.collection<{ _id: string; [k: string]: unknown }>('deliberation_reviews').insertOne({
      _id: taskId,
      deliberationId: deliberation.body.id,
      caseId,
      applicantName: '王小明',
      regionCode: street,
      scope: { city: '330100', county: street.slice(0, 6), street },
      year: 2026,
      period: 2,
      from: '2026-07-01',
      to: '2026-12-31',
      dueAt: new Date('2026-12-31T16:00:00Z'),
      status: 'due',
      result: null,
      audit: [],
      createdAt: h.clock.now,
    });
    (ids['task'] ??= {})[street] = taskId;

    const firstAid = await as(city.approver).post('/first-aid', {
      requestId: randomUUID(),
      recipient: {
        name: '李大山',
        idNumber: validIdNumber(800 + n),
        citizenCardNo: '3301069876543210',
        regionCode: street,
      },
      amountFen: 100000,
      situation: {
        category: 'accident_or_fire',
        occurredOn: '2026-11-02',
        description: '住房失火',
      },
    });
    expect(firstAid.status).toBe(201);
    (ids['first-aid'] ??= {})[street] = firstAid.body.id;

    const cert = await as(city.reviewer).post('/certifications', certification(street, n));
    expect(cert.status).toBe(201);
    (ids['certification'] ??= {})[street] = cert.body.id;

    // A relative filed by this street's office (its region is the filing office's).
    const filer = await keycloakToken({
      userId: `mx-clerk-${street}`,
      roles: ['window_clerk'],
      regionCode: street,
    });
    const relative = await as(filer).post('/oversight/relatives', {
      staffId: `staff-${street}`,
      staffName: '张工',
      staffRole: 'assistance_staff',
      post: '社会救助经办员',
      relativeName: '张亲',
      relativeIdNumber: validIdNumber(900 + n),
      relation: 'sibling',
    });
    expect(relative.status).toBe(201);
    (ids['relative'] ??= {})[street] = relative.body.id;
    (ids['relativeIdNumber'] ??= {})[street] = validIdNumber(900 + n);
    (ids['registration'] ??= {})[street] = relative.body.registrationId;
  }
  // Last month's new cases, one per street in its own category, so the draw samples both.
  await h.db.collection<{ _id: string; [k: string]: unknown }>('reviews').insertMany(
    STREETS.map((street, n) => ({
      _id: `mx-old-${street}:${n === 0 ? 'dibao' : 'temporary'}`,
      caseId: `mx-old-${street}`,
      applicationId: `mx-old-${street}`,
      item: n === 0 ? 'dibao' : 'temporary',
      applicantName: '王小明',
      regionCode: street,
      scope: { city: '330100', county: street.slice(0, 6), street },
      status: 'accepted',
      actors: { intake: 'mx-clerk', firstReview: null, confirmation: null },
      audit: [],
      openedAt: new Date('2026-10-15T02:00:00Z'),
      updatedAt: new Date('2026-10-15T02:00:00Z'),
      version: 0,
      outbox: [],
    })),
  );
  const drawn = await as(city.county).post(`/oversight/spot-checks/${MONTH}/draw`, {});
  expect(drawn.status).toBe(201);
  for (const task of drawn.body.tasks as { taskNo: number; regionCode: string }[])
    (ids['spot-check'] ??= {})[task.regionCode] = String(task.taskNo);
  for (const kind of [
    'case',
    'review',
    'deliberation',
    'first-aid',
    'certification',
    'relative',
    'spot-check',
  ] as const)
    targets[kind] = STREETS.map((street) => ({
      id: ids[kind]?.[street] ?? '',
      regionCode: street,
    }));
  targets['coordination'] = STREETS.map((street) => ({ id: '', regionCode: street }));
  await seedOutreachRecords(h, STREETS, targets);
}

let certNo = 0;
export const certification = (street: string, n: number) => ({
  certificateNo: `MX-${street}-${(certNo += 1)}`,
  category: 'minimum_living_family_student',
  student: { name: '李小华', idNumber: validIdNumber(600 + n), school: '城关第一小学' },
  household: { caseId: '', householdNo: 'H-0001', regionCode: street },
});
