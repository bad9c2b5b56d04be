import { AssistanceItem, PaymentSchedule } from '@jh/contracts';
import { runAccessMatrix, type MatrixEndpoint, type MatrixTarget } from '@jh/access-guard';
import { signInDevelopmentUsers, developmentUsernames } from '@jh/platform-testing';
import request from 'supertest';
import { formatMonth, monthOf, nextMonth } from './batch/month';
import { approval, startPaymentHarness, type PaymentHarness } from './test-harness';

// Issue 13 (R-OV-2, DOMAIN §1): every payment endpoint × every development user (10 roles, 4
// streets, 2 counties, the city) × an order in 西湖区 (330106001) and one in 拱墅区 (330105001).
// A county's payment staff see and act on their county's orders only; the city sees all;
// auditors read and write nothing; a month's batch and a day's statement belong to the city.
jest.setTimeout(300000);

let h: PaymentHarness;
let subjects: Awaited<ReturnType<typeof signInDevelopmentUsers>>;
const targets: Record<'order' | 'reserve' | 'batch' | 'reconciliation', MatrixTarget[]> = {
  order: [],
  reserve: [],
  batch: [],
  reconciliation: [],
};
const streets = ['330106001', '330105001'] as const;
const day = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const items = (body: unknown) => (body as { items: Record<string, string>[] }).items;
const streetsOf = (body: unknown) => items(body).map((i) => i['streetCode']!);

// Allowed write cells send an invalid body: they answer 400 after the role and scope checks and
// change nothing, so every cell sees the same records.
const post = (path: string): ReturnType<MatrixEndpoint['request']> => ({
  method: 'POST',
  path,
  body: {},
});

/** Every HTTP endpoint of payment that users call, once (the platform's callback has its own token). */
const endpoints: MatrixEndpoint[] = [
  // Orders (kind `order`): the id is the approval; its first instalment is order `<id>:1`.
  {
    name: 'GET /orders',
    kind: 'order',
    op: 'read',
    shape: 'list',
    request: () => ({ method: 'GET', path: '/orders?limit=1000' }),
    rowRegions: streetsOf,
  },
  {
    name: 'GET /orders/overdue',
    kind: 'order',
    op: 'read',
    shape: 'list',
    request: () => ({ method: 'GET', path: '/orders/overdue' }),
    rowRegions: streetsOf,
  },
  {
    name: 'GET /escalations',
    kind: 'order',
    op: 'read',
    shape: 'list',
    request: () => ({ method: 'GET', path: '/escalations' }),
    rowRegions: streetsOf,
  },
  {
    name: 'GET /orders/:id',
    kind: 'order',
    op: 'read',
    shape: 'record',
    request: (t) => ({ method: 'GET', path: `/orders/${t.id}:1` }),
  },
  ...['resend', 'payee', 'returned-funds', 'escalate', 'preallocate', 'street-payout'].map(
    (action): MatrixEndpoint => ({
      name: `POST /orders/:id/${action}`,
      kind: 'order',
      op: 'write',
      shape: 'record',
      request: (t) => post(`/orders/${t.id}:1/${action}`),
    }),
  ),
  {
    name: 'POST /streets/:streetCode/preallocate',
    kind: 'order',
    op: 'write',
    shape: 'region',
    request: (t) => post(`/streets/${t.regionCode}/preallocate`),
  },
  {
    name: 'GET /recipients/:approvalId',
    kind: 'order',
    op: 'read',
    shape: 'record',
    request: (t) => ({ method: 'GET', path: `/recipients/${t.id}` }),
  },
  {
    name: 'POST /recipients/:approvalId/end',
    kind: 'order',
    op: 'write',
    shape: 'record',
    request: (t) => post(`/recipients/${t.id}/end`),
  },
  // Street reserves (kind `reserve`, R-PAY-4).
  {
    name: 'GET /reserves',
    kind: 'reserve',
    op: 'read',
    shape: 'list',
    request: () => ({ method: 'GET', path: '/reserves' }),
    rowRegions: streetsOf,
  },
  {
    name: 'GET /reserves/:streetCode',
    kind: 'reserve',
    op: 'read',
    shape: 'region',
    request: (t) => ({ method: 'GET', path: `/reserves/${t.regionCode}` }),
  },
  {
    name: 'POST /reserves/:streetCode/deposits',
    kind: 'reserve',
    op: 'write',
    shape: 'region',
    request: (t) => post(`/reserves/${t.regionCode}/deposits`),
  },
  // The month's batch over every recipient: a record of the platform region (the city).
  {
    name: 'POST /batches/monthly',
    kind: 'batch',
    op: 'write',
    shape: 'region',
    request: () => post('/batches/monthly'),
  },
  {
    name: 'GET /batches/monthly/:month',
    kind: 'batch',
    op: 'read',
    shape: 'record',
    request: (t) => ({ method: 'GET', path: `/batches/monthly/${t.id}` }),
  },
  // The day's statement of the whole platform: a record of the city.
  {
    name: 'POST /reconciliations',
    kind: 'reconciliation',
    op: 'write',
    shape: 'region',
    request: () => post('/reconciliations'),
  },
  {
    name: 'POST /reconciliations/:date/file',
    kind: 'reconciliation',
    op: 'write',
    shape: 'region',
    // JSON, not text/csv: allowed cells answer 400 and import nothing.
    request: () => post(`/reconciliations/${day(0)}/file`),
  },
  {
    name: 'GET /reconciliations/:id',
    kind: 'reconciliation',
    op: 'read',
    shape: 'record',
    request: (t) => ({ method: 'GET', path: `/reconciliations/${encodeURIComponent(t.id)}` }),
  },
  {
    name: 'GET /reconciliations/:id/findings/:chunk',
    kind: 'reconciliation',
    op: 'read',
    shape: 'record',
    request: (t) => ({
      method: 'GET',
      path: `/reconciliations/${encodeURIComponent(t.id)}/findings/0`,
    }),
  },
  // Reports over the caller's region (kind `report`); the platform's status is no one's record.
  {
    name: 'GET /reports/totals',
    kind: 'report',
    op: 'read',
    shape: 'list',
    request: () => ({
      method: 'GET',
      path: `/reports/totals?from=${day(-2)}&to=${day(2)}&groupBy=street`,
    }),
    rowRegions: (body) => items(body).map((i) => i['key']!),
  },
  {
    name: 'GET /card-platform/status',
    kind: 'report',
    op: 'read',
    shape: 'list',
    request: () => ({ method: 'GET', path: '/card-platform/status' }),
  },
];

const asStaff = (req: request.Test) => req.set('authorization', `Bearer ${h.staffToken}`);

beforeAll(async () => {
  h = await startPaymentHarness('pay-matrix');
  subjects = await signInDevelopmentUsers();
  for (const street of streets) {
    // A 低保 approval: order `<id>:1` (due now, so past due) and its register entry.
    const event = approval(
      {
        item: AssistanceItem.ASSISTANCE_ITEM_DIBAO,
        schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
        streetCode: street,
        recipient: { ...approval().recipient!, regionCode: street.slice(0, 6) },
      },
      1,
      0,
    );
    await h.publish(event);
    await h.waitForOrders(event.approvalId, 1);
    targets.order.push({ id: event.approvalId, regionCode: street });
    targets.reserve.push({ id: street, regionCode: street });
    // Rows for every list: an escalation and a reserve deposit in each street (as the city).
    await asStaff(request(h.base).post(`/orders/${event.approvalId}:1/escalate`))
      .send({ reason: '矩阵测试上报' })
      .expect(200);
    await asStaff(request(h.base).post(`/reserves/${street}/deposits`))
      .send({ amountFen: 2_000_000, ref: `MX-${street}`, reason: '矩阵测试拨付' })
      .expect(201);
  }
  const month = formatMonth(nextMonth(monthOf(new Date())));
  await asStaff(request(h.base).post('/batches/monthly')).send({ month }).expect(202);
  targets.batch.push({ id: month, regionCode: '330100' });
  const date = '2026-01-05';
  const header = h.simulator.statementCsv(date).split('\n')[0];
  const csv = `${header}\nmatrix-unknown:1,YJD9999999999,C0000000,8800,PAID,${date}T08:00:00Z\n`;
  const report = await asStaff(request(h.base).post('/reconciliations'))
    .send({ date, csv })
    .expect(201);
  targets.reconciliation.push({ id: report.body.id, regionCode: '330100' });
});

afterAll(() => h?.stop());

describe('payment access matrix (issue 13)', () => {
  it('R-OV-2: every endpoint answers each development user as the access policy says (200/403/404 per cell)', async () => {
    // Every development user of the realm file (32: 10 roles, 4 streets, 2 counties, the city).
    expect(subjects).toHaveLength(developmentUsernames().length);
    const { cells, mismatches } = await runAccessMatrix({
      baseUrl: h.base,
      endpoints,
      subjects,
      targets,
    });
    expect(mismatches).toEqual([]);
    // 10 order endpoints × 2 orders, 2 reserve × 2 streets, 2 batch × 1 run, 4 reconciliation ×
    // 1 report, each × every user; 6 lists × every user.
    const perUser = 10 * 2 + 2 * 2 + 2 * 1 + 4 * 1 + 6;
    expect(cells).toHaveLength(perUser * subjects.length);
    const tally = cells.reduce<Record<string, number>>((acc, c) => {
      acc[c.expected] = (acc[c.expected] ?? 0) + 1;
      return acc;
    }, {});
    console.log(`payment access matrix: ${cells.length} cells`, tally);
    expect(Object.keys(tally).sort()).toEqual(['allow', 'forbidden', 'not-found']);
  });

  it('R-OV-2: payment staff of another district list none of the orders, and full card numbers only of their own', async () => {
    const token = (name: string) => subjects.find((s) => s.name === name)!.token;
    const [xihu, gongshu] = targets.order as [MatrixTarget, MatrixTarget];
    const listed = async (user: string) => {
      const res = await request(h.base)
        .get('/orders?limit=1000')
        .set('authorization', `Bearer ${token(user)}`)
        .expect(200);
      return items(res.body) as unknown as {
        approvalId: string;
        recipient: { citizenCardNo: string };
      }[];
    };
    // The month's batch may have added later instalments of the same approvals.
    const approvals = (rows: { approvalId: string }[]) =>
      [...new Set(rows.map((o) => o.approvalId))].sort();
    const west = await listed('pay.330106');
    expect(approvals(west)).toEqual([xihu.id]);
    // Masking rules as before: payment staff see the card in full, the bureau the last four.
    expect(west[0]!.recipient.citizenCardNo).toMatch(/^\d{11}$/);
    expect(approvals(await listed('pay.330105'))).toEqual([gongshu.id]);
    const county = await listed('county.330106');
    expect(approvals(county)).toEqual([xihu.id]);
    expect(county[0]!.recipient.citizenCardNo).toMatch(/\*/);
    await request(h.base)
      .get(`/orders/${gongshu.id}:1`)
      .set('authorization', `Bearer ${token('pay.330106')}`)
      .expect(404);
    const city = await listed('city.330100');
    expect(approvals(city)).toEqual([xihu.id, gongshu.id].sort());
  });

  it('R-OV-2: totals are computed over the caller region only', async () => {
    const token = (name: string) => subjects.find((s) => s.name === name)!.token;
    const totals = async (user: string) =>
      items(
        (
          await request(h.base)
            .get(`/reports/totals?from=${day(-2)}&to=${day(2)}&groupBy=street`)
            .set('authorization', `Bearer ${token(user)}`)
            .expect(200)
        ).body,
      ).map((r) => r['key']);
    expect(await totals('pay.330106')).toEqual(['330106001']);
    expect(await totals('audit.330105')).toEqual(['330105001']);
    expect(await totals('city.330100')).toEqual(['330105001', '330106001']);
  });
});
