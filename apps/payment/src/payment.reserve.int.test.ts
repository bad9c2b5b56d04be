import { PaymentSchedule } from '@jh/contracts';
import request from 'supertest';
import { startTelemetry, tracing } from '@jh/platform-telemetry';
import { MongoPaymentOrderStore, type GuardedChange } from './order/order.store';
import { approval, startPaymentHarness, type PaymentHarness } from './test-harness';

jest.setTimeout(60000);

/** "Dies" right after the pre-allocation write, before the reserve debit is booked. */
class CrashAfterPreallocationStore extends MongoPaymentOrderStore {
  armed = false;
  override async change(id: string, c: GuardedChange): Promise<boolean> {
    const done = await super.change(id, c);
    if (this.armed && done && c.audit.action === 'preallocated') {
      this.armed = false;
      throw new Error('injected crash after pre-allocation');
    }
    return done;
  }
}

let h: PaymentHarness;
let store: CrashAfterPreallocationStore | undefined;
// On, so GET /metrics answers (the service finds this SDK running).
const telemetry = startTelemetry({
  serviceName: 'payment',
  enabled: true,
  exporter: new tracing.InMemorySpanExporter(),
});

beforeAll(async () => {
  h = await startPaymentHarness(
    'pay-reserve',
    { FALLBACK_AFTER_MINUTES: '0' },
    {
      store: (models) => {
        store = new CrashAfterPreallocationStore(models);
        return store;
      },
    },
  );
});

afterAll(async () => {
  await h?.stop();
  await telemetry.shutdown();
});

const staff = (token = h.staffToken) => ({ authorization: `Bearer ${token}` });
const deposit = (street: string, body: object) =>
  request(h.base).post(`/reserves/${street}/deposits`).set(staff()).send(body);
const entries = (street: string) =>
  h.db
    .collection('payment_reserve_entries')
    .find({ streetCode: street })
    .sort({ _id: 1 })
    .toArray();

async function firstAidOrder(street: string, amountFen: number): Promise<string> {
  const base = approval({
    streetCode: street,
    schedule: PaymentSchedule.PAYMENT_SCHEDULE_FIRST_AID,
  });
  const event = { ...base, instalments: [{ ...base.instalments[0]!, amountFen }] };
  await h.publish(event);
  await h.waitForOrders(event.approvalId, 1);
  return `${event.approvalId}:1`;
}

/** The platform is unreachable (as the sender records it); window 0 → fallback allowed at once. */
async function platformDown(): Promise<void> {
  h.simulator.faults.outage = true;
  await h.service.operations.availability.recordFailure('UPSTREAM_UNAVAILABLE');
}

describe('street temporary-assistance reserve (R-PAY-4)', () => {
  afterEach(() => {
    h.simulator.faults.outage = false;
  });

  it('R-PAY-4: deposits are booked once per 拨付文号; a modified re-use is refused and changes nothing', async () => {
    const street = '330106801';
    const body = { amountFen: 1_500_000, ref: '西财拨〔2026〕12号', reason: '年度备用金拨付' };
    const first = await deposit(street, body).expect(201);
    expect(first.body.account).toMatchObject({ balanceFen: 1_500_000, belowThreshold: false });
    expect(first.body.account.balanceText).toBe('15,000.00 元');
    const again = await deposit(street, body).expect(200);
    expect(again.body.replayed).toBe(true);
    const before = await entries(street);
    const modified = await deposit(street, { ...body, amountFen: 1_600_000 }).expect(409);
    expect(modified.body.error.code).toBe('RESERVE_DEPOSIT_MODIFIED');
    expect(await entries(street)).toEqual(before);
    expect(before).toHaveLength(1);
    const auditor = await request(h.base)
      .post(`/reserves/${street}/deposits`)
      .set(staff(h.auditorToken))
      .send(body)
      .expect(403);
    expect(auditor.body.error.code).toBe('ROLE_REQUIRED');
  });

  it('R-PAY-4: a deposit above 1 亿元 is refused before it is booked, so the balance stays a safe integer', async () => {
    const street = '330106804';
    await deposit(street, { amountFen: 1_000_000, ref: 'BF-3', reason: '拨付' }).expect(201);
    const huge = await deposit(street, {
      amountFen: Number.MAX_SAFE_INTEGER,
      ref: 'BF-4',
      reason: '误录金额',
    }).expect(400);
    expect(huge.body.error.details[0]).toMatchObject({ path: 'amountFen', code: 'TOO_BIG' });
    expect((await entries(street)).map((e) => e['_id'])).toEqual(['deposit:330106804:BF-3']);
    const account = await request(h.base).get(`/reserves/${street}`).set(staff()).expect(200);
    expect(account.body.balanceFen).toBe(1_000_000);
    await deposit(street, { amountFen: 10_000_000_000, ref: 'BF-5', reason: '拨付' }).expect(201);
  });

  it('R-PAY-4 / R-PAY-3: a pre-allocated first-aid order debits its street once; below 10,000 元 it alarms and is listed', async () => {
    const street = '330106802';
    await deposit(street, { amountFen: 1_200_000, ref: 'BF-1', reason: '拨付' }).expect(201);
    const id = await firstAidOrder(street, 300_000);
    const warn = jest.spyOn(h.service.operations.reserves.logger, 'warn');
    await platformDown();
    await request(h.base)
      .post(`/orders/${id}/preallocate`)
      .set(staff())
      .send({ reason: '平台中断，街道先行救助' })
      .expect(200);

    const ledger = await entries(street);
    expect(ledger.map((e) => [e['_id'], e['kind'], e['amountFen']])).toEqual([
      ['deposit:330106802:BF-1', 'deposit', 1_200_000],
      [`first_aid:${id}`, 'first_aid_debit', -300_000],
    ]);
    expect((await h.order(id)).preallocation?.reserveBooked).toBe(true);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ rule: 'R-PAY-4', streetCode: street, balanceFen: 900_000 }),
      expect.stringContaining('低于下限'),
    );

    // The street reports the payout; the debit is not booked again.
    await request(h.base)
      .post(`/orders/${id}/street-payout`)
      .set(staff())
      .send({ voucherRef: 'V-1', paidOn: '2026-11-23' })
      .expect(200);
    expect(await entries(street)).toHaveLength(2);

    const below = await request(h.base)
      .get('/reserves?belowThreshold=true')
      .set(staff(h.auditorToken))
      .expect(200);
    expect(below.body.items).toContainEqual(
      expect.objectContaining({
        streetCode: street,
        balanceFen: 900_000,
        thresholdFen: 1_000_000,
        belowThreshold: true,
        balanceText: '9,000.00 元',
      }),
    );
    expect(below.body.items.every((a: { belowThreshold: boolean }) => a.belowThreshold)).toBe(true);
    const account = await request(h.base).get(`/reserves/${street}`).set(staff()).expect(200);
    expect(account.body.entries).toHaveLength(2);
    warn.mockRestore();

    // Prometheus sees the same balance (alert JhStreetReserveLow below 1,000,000 分).
    const metrics = await request(h.base).get('/metrics').expect(200);
    expect(metrics.text).toMatch(
      new RegExp(`^jh_street_reserve_balance_fen\\{street="${street}"[^}]*\\} 900000$`, 'm'),
    );
  });

  it('R-PAY-4: a crash between pre-allocation and the debit is repaired once (deterministic entry id)', async () => {
    const street = '330106803';
    await deposit(street, { amountFen: 2_000_000, ref: 'BF-2', reason: '拨付' }).expect(201);
    const id = await firstAidOrder(street, 50_000);
    await platformDown();
    store!.armed = true;
    await request(h.base)
      .post(`/orders/${id}/preallocate`)
      .set(staff())
      .send({ reason: '平台中断' })
      .expect(500);
    const crashed = await h.order(id);
    expect(crashed.status).toBe('preallocated');
    expect(crashed.preallocation?.reserveBooked).toBe(false);
    expect(await entries(street)).toHaveLength(1);

    // The repair run at start-up (and after every fallback action) books it; repeated runs do not.
    await h.service.operations.fallback.bookReserveDebits();
    await h.service.operations.fallback.bookReserveDebits();
    const ledger = await entries(street);
    expect(ledger.filter((e) => e['kind'] === 'first_aid_debit')).toHaveLength(1);
    expect((await h.service.operations.reserves.account(street)).balanceFen).toBe(1_950_000);
    expect((await h.order(id)).preallocation?.reserveBooked).toBe(true);
  });
});
