import type { MatrixSubject } from '@jh/access-guard';
import { regionLevel } from '@jh/domain-access';
import { officialCalendarData } from '@jh/domain-calendar';
import type { Row } from './test-harness.access-row';
import { idOf, partOf, rows } from './test-harness.access-records';

export type { Row } from './test-harness.access-row';

export const get = (path: string) => ({ method: 'GET' as const, path });
export const post = (path: string, body: unknown = {}) => ({
  method: 'POST' as const,
  path,
  body,
});
const put = (path: string, body: unknown) => ({ method: 'PUT' as const, path, body });

/** Loading holiday data is a city-wide act (calendar.http.ts): the city bureau, a city coordinator. */
const cityAdmin = (s: MatrixSubject) =>
  s.actor.roles.includes('city_bureau') ||
  (s.actor.roles.includes('coordinator') && regionLevel(s.actor.regionCode) === 'city');
const bundled2026 = officialCalendarData.years.find((y) => y.year === 2026);

/** The access-matrix rows of cases, coordination and the holiday data their deadlines use. */
export const caseEndpoints: Row[] = [
  {
    name: 'GET /cases/:applicationId/application',
    kind: 'case',
    op: 'read',
    shape: 'record',
    request: (t) => get(`/cases/${idOf('case')(t)}/application`),
  },
  {
    name: 'GET /cases',
    kind: 'case',
    op: 'read',
    shape: 'list',
    request: () => get('/cases?pageSize=200'),
    rowRegions: rows((r) => r['regionCode']),
  },
  // The board's filters: a region narrows inside the caller's scope (outside it: an empty page).
  ...['region=330106', 'region=330105001&deadline=overdue'].map((filter): Row => ({
    name: `GET /cases?${filter}`,
    kind: 'case',
    op: 'read',
    shape: 'list',
    request: () => get(`/cases?pageSize=200&${filter}`),
    rowRegions: rows((r) => r['regionCode']),
  })),
  {
    name: 'GET /cases?deadline=at_risk&q=…',
    kind: 'case',
    op: 'read',
    shape: 'list',
    request: () => get('/cases?pageSize=200&deadline=at_risk&q=JH-2026-000001'),
    rowRegions: rows((r) => r['regionCode']),
  },
  {
    name: 'GET /cases/:id',
    kind: 'case',
    op: 'read',
    shape: 'record',
    request: (t) => get(`/cases/${idOf('case')(t)}`),
  },
  {
    name: 'POST /cases/:id/parts/:partId/transfer',
    kind: 'case',
    op: 'write',
    shape: 'record',
    step: ['coordinator'],
    request: (t) => post(`/cases/${idOf('case')(t)}/parts/${partOf[idOf('case')(t)]}/transfer`),
  },
  {
    name: 'POST /cases/:id/referrals',
    kind: 'case',
    op: 'write',
    shape: 'record',
    step: ['coordinator'],
    request: (t) => post(`/cases/${idOf('case')(t)}/referrals`),
  },
  {
    name: 'GET /cases/:id/parts/:partId/due-explanation',
    kind: 'case',
    op: 'read',
    shape: 'record',
    request: (t) =>
      get(`/cases/${idOf('case')(t)}/parts/${partOf[idOf('case')(t)]}/due-explanation`),
  },
  {
    name: 'GET /cases/:id/timeline',
    kind: 'case',
    op: 'read',
    shape: 'record',
    request: (t) => get(`/cases/${idOf('case')(t)}/timeline`),
  },
  {
    name: 'POST /cases/:id/parts/:partId/supervision',
    kind: 'case',
    op: 'write',
    shape: 'record',
    step: ['coordinator'],
    // A bad body: checked after the access steps, so no 督办 is recorded or published.
    request: (t) =>
      post(`/cases/${idOf('case')(t)}/parts/${partOf[idOf('case')(t)]}/supervision`, {
        bad: true,
      }),
  },
  {
    name: 'POST /sla/scan',
    kind: 'coordination',
    op: 'write',
    shape: 'list',
    only: (s) => regionLevel(s.actor.regionCode) === 'city',
    request: () => post('/sla/scan'),
  },
  ...(['overdue', 'at-risk'] as const).map((list): Row => ({
    name: `GET /coordination/${list}`,
    kind: 'coordination',
    op: 'read',
    shape: 'list',
    request: () => get(`/coordination/${list}`),
  })),
  {
    name: 'GET /coordination/on-time-rate',
    kind: 'coordination',
    op: 'read',
    shape: 'list',
    request: () => get('/coordination/on-time-rate?from=2026-11-01&to=2026-11-30'),
  },
  {
    name: 'GET /coordination/bulletin',
    kind: 'coordination',
    op: 'read',
    shape: 'list',
    request: () => get('/coordination/bulletin?month=2026-11'),
  },
  {
    name: 'GET /coordination/trend',
    kind: 'coordination',
    op: 'read',
    shape: 'list',
    // Weekly figures of the caller's region, no rows with a region of their own.
    request: () => get('/coordination/trend'),
  },
  // holiday data (ADR 0003): one city-wide calendar, not kept per region
  {
    name: 'GET /calendar/status',
    kind: 'calendar',
    op: 'read',
    shape: 'list',
    // No rowRegions on purpose: which years lack data and how many open deadlines fall in them
    // are city-wide counts, the same for every reader (no record, name or region is answered).
    request: () => get('/calendar/status'),
  },
  {
    name: 'GET /calendar/explain',
    kind: 'calendar',
    op: 'read',
    shape: 'list',
    request: () => get('/calendar/explain?from=2026-11-02&workingDays=1'),
  },
  {
    name: 'POST /calendar/years/preview',
    kind: 'calendar',
    op: 'write',
    shape: 'list',
    only: cityAdmin,
    // A preview stores nothing; the bundled 2026 notice moves no deadline.
    request: () => post('/calendar/years/preview', bundled2026),
  },
  {
    name: 'PUT /calendar/years/:year',
    kind: 'calendar',
    op: 'write',
    shape: 'list',
    only: cityAdmin,
    // A list-shaped cell a writer may act on must answer 200, which a bad body (400) cannot: the
    // bundled 2026 notice again, unchanged, so the load changes no date (this run's database).
    request: () => put('/calendar/years/2026', bundled2026),
  },
];
