import { randomUUID } from 'node:crypto';
import { validIdNumber } from './test-harness';
import { caseEndpoints, get, post, type Row } from './test-harness.access-endpoints.cases';
import { certification, ids, idOf, MONTH, rows } from './test-harness.access-records';
import { outreachEndpoints } from './outreach/outreach.access-matrix';

const approvers = ['approver', 'county_bureau', 'city_bureau'];

const reviewStep = (
  step: string,
  roles: readonly string[],
  method: 'POST' | 'PUT' = 'POST',
): Row => ({
  name: `${method} /reviews/:id/${step}`,
  kind: 'review',
  op: 'write',
  shape: 'record',
  step: roles,
  request: (t) => ({ method, path: `/reviews/${idOf('review')(t)}/${step}`, body: {} }),
});
const deliberationStep = (step: string, roles: readonly string[]): Row => ({
  name: `POST /deliberations/:id/${step}`,
  kind: 'deliberation',
  op: 'write',
  shape: 'record',
  step: roles,
  request: (t) => post(`/deliberations/${idOf('deliberation')(t)}/${step}`, { bad: true }),
});

export type { Row };

/** Every HTTP endpoint of civil affairs: one row each. */
export const endpoints: Row[] = [
  ...caseEndpoints,
  ...outreachEndpoints,
  // reviews
  {
    name: 'POST /reviews',
    kind: 'review',
    op: 'write',
    shape: 'region',
    step: ['window_clerk', 'first_reviewer', 'coordinator'],
    request: (t) => post('/reviews', { caseId: idOf('case')(t), item: 'temporary' }),
  },
  {
    name: 'GET /reviews',
    kind: 'review',
    op: 'read',
    shape: 'list',
    request: () => get('/reviews?pageSize=100'),
    rowRegions: rows((r) => r['regionCode']),
  },
  {
    name: 'GET /reviews/outstanding-paperwork',
    kind: 'review',
    op: 'read',
    shape: 'list',
    step: ['coordinator', ...approvers, 'auditor'],
    request: () => get('/reviews/outstanding-paperwork'),
    rowRegions: rows((r) => r['regionCode']),
  },
  {
    name: 'GET /reviews/:id',
    kind: 'review',
    op: 'read',
    shape: 'record',
    request: (t) => get(`/reviews/${idOf('review')(t)}`),
  },
  reviewStep('first-review', ['first_reviewer']),
  reviewStep('economic-check', ['first_reviewer']),
  reviewStep('home-visit', ['first_reviewer']),
  reviewStep('self-care', ['first_reviewer']),
  reviewStep('democratic-review', ['first_reviewer']),
  reviewStep('relatives-review', ['county_bureau']),
  reviewStep('fast-aid', approvers),
  reviewStep('paperwork', approvers),
  reviewStep('follow-up', approvers),
  reviewStep('payee', ['window_clerk', 'first_reviewer', ...approvers], 'PUT'),
  reviewStep('approve', approvers),
  reviewStep('reject', ['first_reviewer', ...approvers]),
  reviewStep('withdraw', ['window_clerk', 'first_reviewer', ...approvers]),
  // 一事一议 and its periodic reviews
  {
    name: 'POST /deliberations',
    kind: 'deliberation',
    op: 'write',
    shape: 'region',
    step: ['window_clerk'],
    request: (t) =>
      post('/deliberations', {
        applicant: {
          name: '李大山',
          idNumber: '11010519491231002X',
          citizenCardNo: '3301061234567890',
          regionCode: t.regionCode,
        },
        hardship: '突发重病，现行政策难以覆盖的特殊困难',
        declaration: { signed: true, signedOn: '2026-11-02', text: '本人承诺所填信息真实' },
      }),
  },
  {
    name: 'GET /deliberations',
    kind: 'deliberation',
    op: 'read',
    shape: 'list',
    request: () => get('/deliberations?pageSize=100'),
    rowRegions: rows((r) => (r['applicant'] as { regionCode?: string } | undefined)?.regionCode),
  },
  {
    name: 'GET /deliberations/filing-overdue',
    kind: 'deliberation',
    op: 'read',
    shape: 'list',
    request: () => get('/deliberations/filing-overdue'),
    rowRegions: rows((r) => (r['applicant'] as { regionCode?: string } | undefined)?.regionCode),
  },
  {
    name: 'GET /deliberations/:id',
    kind: 'deliberation',
    op: 'read',
    shape: 'record',
    request: (t) => get(`/deliberations/${idOf('deliberation')(t)}`),
  },
  deliberationStep('investigation', ['window_clerk', 'first_reviewer']),
  deliberationStep('democratic-review', ['window_clerk', 'first_reviewer']),
  deliberationStep('office-review', ['first_reviewer']),
  deliberationStep('collective-decision', ['approver']),
  deliberationStep('public-notice', ['window_clerk', 'first_reviewer']),
  deliberationStep('objection', ['window_clerk', 'first_reviewer', 'approver']),
  deliberationStep('approve', ['approver']),
  deliberationStep('continue', ['approver']),
  deliberationStep('conclude', ['approver']),
  deliberationStep('filing', ['window_clerk', 'first_reviewer', 'approver']),
  {
    name: 'POST /deliberation-reviews/generate',
    kind: 'deliberation',
    op: 'write',
    shape: 'list',
    step: ['county_bureau', 'coordinator'],
    request: () => post('/deliberation-reviews/generate', { year: 2026, period: 2 }),
  },
  {
    name: 'GET /deliberation-reviews',
    kind: 'deliberation',
    op: 'read',
    shape: 'list',
    step: ['county_bureau', 'coordinator', 'auditor'],
    request: () => get('/deliberation-reviews?year=2026&period=2'),
    rowRegions: rows((r) => r['regionCode']),
  },
  {
    name: 'POST /deliberation-reviews/:id/result',
    kind: 'deliberation',
    op: 'write',
    shape: 'record',
    step: ['county_bureau'],
    request: (t) => post(`/deliberation-reviews/${idOf('task')(t)}/result`, { bad: true }),
  },
  // 先行救助 (R-AP-9)
  {
    name: 'POST /first-aid',
    kind: 'first-aid',
    op: 'write',
    shape: 'region',
    step: ['approver'],
    request: (t) =>
      post('/first-aid', {
        requestId: randomUUID(),
        recipient: {
          name: '李大山',
          idNumber: validIdNumber(850),
          citizenCardNo: '3301069876543210',
          regionCode: t.regionCode,
        },
        amountFen: 100000,
        situation: { category: 'accident_or_fire', occurredOn: '2026-11-02', description: '失火' },
      }),
  },
  {
    // Answers a flag and a reason for any ID number, never another region's record.
    name: 'POST /first-aid/check',
    kind: 'first-aid',
    op: 'write',
    shape: 'list',
    step: ['approver'],
    request: () => post('/first-aid/check', { amountFen: 100000 }),
  },
  {
    name: 'GET /first-aid',
    kind: 'first-aid',
    op: 'read',
    shape: 'list',
    request: () => get('/first-aid?status=all'),
    rowRegions: rows((r) => (r['recipient'] as { regionCode?: string }).regionCode),
  },
  {
    name: 'GET /first-aid/:id',
    kind: 'first-aid',
    op: 'read',
    shape: 'record',
    request: (t) => get(`/first-aid/${idOf('first-aid')(t)}`),
  },
  ...(['emergency-ended', 'paperwork'] as const).map((step): Row => ({
    name: `POST /first-aid/:id/${step}`,
    kind: 'first-aid',
    op: 'write',
    shape: 'record',
    step: ['approver', 'first_reviewer'],
    request: (t) => post(`/first-aid/${idOf('first-aid')(t)}/${step}`, { bad: true }),
  })),
  {
    name: 'POST /first-aid/:id/acknowledge',
    kind: 'first-aid',
    op: 'write',
    shape: 'record',
    step: ['county_bureau'],
    request: (t) => post(`/first-aid/${idOf('first-aid')(t)}/acknowledge`, { bad: true }),
  },
  // 免申即享 certifications
  {
    name: 'POST /certifications',
    kind: 'certification',
    op: 'write',
    shape: 'region',
    request: (t) => post('/certifications', certification(t.regionCode, 0)),
  },
  {
    name: 'GET /certifications/:id',
    kind: 'certification',
    op: 'read',
    shape: 'record',
    request: (t) => get(`/certifications/${idOf('certification')(t)}`),
  },
  {
    name: 'POST /certifications/:id/end',
    kind: 'certification',
    op: 'write',
    shape: 'record',
    request: (t) => post(`/certifications/${idOf('certification')(t)}/end`, { bad: true }),
  },
  // oversight: relatives of staff (R-AP-8) and spot checks (R-AP-7)
  {
    name: 'POST /oversight/relatives',
    kind: 'relative',
    op: 'write',
    shape: 'record',
    step: ['window_clerk', 'first_reviewer', 'county_bureau'],
    // A further filing for the target's relative: only its region's offices may add one.
    request: (t) =>
      post('/oversight/relatives', {
        staffId: `staff-${randomUUID().slice(0, 8)}`,
        staffName: '李工',
        staffRole: 'village_cadre',
        post: '村委会主任',
        relativeName: '张亲',
        relativeIdNumber: ids['relativeIdNumber']?.[t.regionCode],
        relation: 'sibling',
      }),
  },
  {
    name: 'GET /oversight/relatives',
    kind: 'relative',
    op: 'read',
    shape: 'list',
    request: () => get('/oversight/relatives?pageSize=200'),
    rowRegions: rows((r) => r['regionCode']),
  },
  {
    name: 'POST /oversight/relatives/check',
    kind: 'relative',
    op: 'read',
    shape: 'list',
    request: () => post('/oversight/relatives/check', { idNumbers: [validIdNumber(900)] }),
  },
  {
    name: 'GET /oversight/relatives/:id',
    kind: 'relative',
    op: 'read',
    shape: 'record',
    request: (t) => get(`/oversight/relatives/${idOf('relative')(t)}`),
  },
  {
    name: 'POST /oversight/relatives/registrations/:registrationId/deactivate',
    kind: 'relative',
    op: 'write',
    shape: 'record',
    step: ['county_bureau'],
    request: (t) =>
      post(`/oversight/relatives/registrations/${idOf('registration')(t)}/deactivate`, {
        bad: true,
      }),
  },
  {
    name: 'POST /oversight/spot-checks/:month/draw',
    kind: 'spot-check',
    op: 'write',
    shape: 'list',
    request: () => post(`/oversight/spot-checks/${MONTH}/draw`, {}),
  },
  {
    name: 'GET /oversight/spot-checks/:month',
    kind: 'spot-check',
    op: 'read',
    shape: 'list',
    request: () => get(`/oversight/spot-checks/${MONTH}`),
    rowRegions: (body) =>
      ((body as { tasks?: { regionCode: string }[] }).tasks ?? []).map((t) => t.regionCode),
  },
  {
    name: 'POST /oversight/spot-checks/:month/tasks/:taskNo/assign',
    kind: 'spot-check',
    op: 'write',
    shape: 'record',
    request: (t) => post(`/oversight/spot-checks/${MONTH}/tasks/${t.id}/assign`, { bad: true }),
  },
  {
    name: 'POST /oversight/spot-checks/:month/tasks/:taskNo/result',
    kind: 'spot-check',
    op: 'write',
    shape: 'record',
    request: (t) => post(`/oversight/spot-checks/${MONTH}/tasks/${t.id}/result`, { bad: true }),
  },
];
