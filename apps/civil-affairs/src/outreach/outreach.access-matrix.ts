import { randomUUID } from 'node:crypto';
import type { MatrixTarget } from '@jh/access-guard';
import { Topics } from '@jh/contracts';
import { keycloakToken, waitFor } from '@jh/platform-testing';
import request from 'supertest';
import type { Harness } from '../test-harness';
import { users, validIdNumber } from '../test-harness';
import type { Row } from '../test-harness.access-row';
import type { OutreachSignalDoc } from './outreach.model';

/** Outreach records the civil-affairs access matrix acts on, per street (issue 19). */
const ids: Record<'outreach' | 'consultation', Record<string, string>> = {
  outreach: {},
  consultation: {},
};
const idOf = (kind: keyof typeof ids) => (t: MatrixTarget) => ids[kind][t.regionCode] ?? 'missing';
const get = (path: string) => ({ method: 'GET' as const, path });
const post = (path: string, body: unknown = {}) => ({ method: 'POST' as const, path, body });
const rowsOf = (key: string) => (body: unknown) =>
  (((body as Record<string, unknown>)[key] as { streetCode?: string }[] | undefined) ?? []).map(
    (r) => String(r.streetCode),
  );

/** One task per street (from a signal) and a 研判会商 on it, by a city coordinator. */
export async function seedOutreachRecords(
  h: Harness,
  streets: readonly string[],
  targets: Partial<Record<'outreach' | 'consultation', MatrixTarget[]>>,
): Promise<void> {
  const coordinator = await keycloakToken(users.coordinator);
  for (const [n, street] of streets.entries()) {
    const idNumber = validIdNumber(950 + n);
    const signalId = `mx-signal-${randomUUID()}`;
    const householdRef = h.keys.indexer.of('id-number', idNumber);
    await h.publish(
      Topics.hardshipSignal,
      {
        signalId,
        source: 'medical',
        kind: 'medical_expense',
        band: 'high',
        flags: [],
        householdRef,
        streetCode: street,
        observedAt: new Date(h.clock.now.getTime() - 60_000),
        reporter: undefined,
        subject: {
          name: '赵大',
          idNumber,
          phone: '13900000000',
          address: '某街道1号',
          regionCode: street,
        },
      },
      householdRef,
    );
    const handled = await waitFor(
      async () =>
        (await h.db.collection<OutreachSignalDoc>('outreach_signals').findOne({ _id: signalId })) ??
        undefined,
      { what: `outreach task of ${street}` },
    );
    ids.outreach[street] = handled.taskId as string;
    const consultation = await request(h.base)
      .post('/outreach/consultations')
      .set('authorization', `Bearer ${coordinator}`)
      .send({
        taskId: handled.taskId,
        heldOn: '2026-11-02',
        departmentsPresent: ['civil_affairs', 'medical'],
        findings: '医疗负担重',
        decisions: ['医保部门核查'],
        followUps: [
          {
            owner: 'med-1',
            department: 'medical',
            description: '核查费用',
            deadline: { workingDays: 3 },
          },
        ],
      });
    expect(consultation.status).toBe(201);
    ids.consultation[street] = consultation.body.id;
  }
  for (const kind of ['outreach', 'consultation'] as const)
    targets[kind] = streets.map((street) => ({ id: ids[kind][street] ?? '', regionCode: street }));
}

/** The access-matrix rows of 主动发现 (outreach.http.ts). Bodies are invalid: nothing changes. */
export const outreachEndpoints: Row[] = [
  {
    name: 'GET /outreach/tasks',
    kind: 'outreach',
    op: 'read',
    shape: 'list',
    request: () => get('/outreach/tasks?pageSize=200'),
    rowRegions: rowsOf('items'),
  },
  {
    name: 'GET /outreach/skipped-signals',
    kind: 'outreach',
    op: 'read',
    shape: 'list',
    request: () => get('/outreach/skipped-signals'),
    rowRegions: rowsOf('items'),
  },
  {
    name: 'GET /outreach/overview',
    kind: 'outreach',
    op: 'read',
    shape: 'list',
    step: ['coordinator'],
    request: () => get('/outreach/overview'),
    rowRegions: rowsOf('streets'),
  },
  {
    name: 'GET /outreach/bulletin',
    kind: 'outreach',
    op: 'read',
    shape: 'list',
    step: ['coordinator', 'county_bureau', 'city_bureau'],
    request: () => get('/outreach/bulletin?month=2026-11'),
    rowRegions: rowsOf('streets'),
  },
  {
    name: 'GET /outreach/tasks/:id',
    kind: 'outreach',
    op: 'read',
    shape: 'record',
    request: (t) => get(`/outreach/tasks/${idOf('outreach')(t)}`),
  },
  {
    name: 'POST /outreach/tasks/:id/regrade',
    kind: 'outreach',
    op: 'write',
    shape: 'record',
    request: (t) => post(`/outreach/tasks/${idOf('outreach')(t)}/regrade`, { bad: true }),
  },
  {
    name: 'POST /outreach/tasks/:id/end',
    kind: 'outreach',
    op: 'write',
    shape: 'record',
    request: (t) => post(`/outreach/tasks/${idOf('outreach')(t)}/end`, { bad: true }),
  },
  {
    name: 'GET /outreach/tasks/:id/application-draft',
    kind: 'outreach',
    op: 'write',
    shape: 'record',
    request: (t) => get(`/outreach/tasks/${idOf('outreach')(t)}/application-draft`),
  },
  {
    // One department only: refused by R-PD-4 after the region check, so nothing is written.
    name: 'POST /outreach/consultations',
    kind: 'consultation',
    op: 'write',
    shape: 'region',
    request: (t) =>
      post('/outreach/consultations', {
        taskId: idOf('outreach')(t),
        heldOn: '2026-11-02',
        departmentsPresent: ['civil_affairs'],
        findings: '情况',
        decisions: ['决定'],
      }),
  },
  {
    name: 'GET /outreach/consultations',
    kind: 'consultation',
    op: 'read',
    shape: 'list',
    request: () => get('/outreach/consultations?pageSize=200'),
    rowRegions: rowsOf('items'),
  },
  {
    name: 'GET /outreach/consultations/:id',
    kind: 'consultation',
    op: 'read',
    shape: 'record',
    request: (t) => get(`/outreach/consultations/${idOf('consultation')(t)}`),
  },
  {
    name: 'POST /outreach/consultations/:id/follow-ups/:n/complete',
    kind: 'consultation',
    op: 'write',
    shape: 'record',
    request: (t) =>
      post(`/outreach/consultations/${idOf('consultation')(t)}/follow-ups/99/complete`),
  },
];
