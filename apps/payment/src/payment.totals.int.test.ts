import { AssistanceItem, DeclineReason } from '@jh/contracts';
import request from 'supertest';
import { approval, startPaymentHarness, type PaymentHarness } from './test-harness';

jest.setTimeout(60000);

let h: PaymentHarness;

beforeAll(async () => {
  h = await startPaymentHarness('pay-totals');
});

afterAll(async () => {
  await h?.stop();
});

const day = (d: Date) => d.toISOString().slice(0, 10);
const get = (path: string) =>
  request(h.base).get(path).set('authorization', `Bearer ${h.auditorToken}`);

async function order(streetCode: string, item: AssistanceItem, amountFen: number) {
  const base = approval({ streetCode, item });
  const event = { ...base, instalments: [{ ...base.instalments[0]!, amountFen }] };
  await h.publish(event);
  await h.waitForOrders(event.approvalId, 1);
  return { id: `${event.approvalId}:1`, card: event.recipient!.citizenCardNo };
}

describe('totals per day / street / item with CSV export (R-PAY-5, R-PAY-6)', () => {
  it('R-PAY-6: totals by street and item from orders and reconciliation; CSV in 元 from fen with BOM and Chinese headers', async () => {
    const a = await order('330106701', AssistanceItem.ASSISTANCE_ITEM_TEMPORARY, 150000);
    const b = await order('330106701', AssistanceItem.ASSISTANCE_ITEM_DIBAO, 98765);
    const c = await order('330106702', AssistanceItem.ASSISTANCE_ITEM_TEMPORARY, 1);
    h.simulator.faults.declineCards.set(c.card, DeclineReason.DECLINE_REASON_CARD_CLOSED);
    await h.sendUntil(a.id, 'confirmed');
    await h.sendUntil(b.id, 'confirmed');
    await h.sendUntil(c.id, 'failed');
    await order('330106702', AssistanceItem.ASSISTANCE_ITEM_DIBAO, 20000); // stays pending

    // One statement with an unknown row and a wrong amount for `b` → two findings.
    const today = day(new Date());
    const csv = h.simulator
      .statementCsv(today)
      .replace(`,98765,`, ',98766,')
      .concat(`x:1,YJD9999999999,C0,500,PAID,${today}T01:00:00Z\n`);
    await request(h.base)
      .post('/reconciliations')
      .set('authorization', `Bearer ${h.staffToken}`)
      .send({ date: today, csv })
      .expect(201);

    const docs = await h.orders().find({}).toArray();
    const days = docs.map((d) => day(d.dueAt)).sort();
    const from = [today, days[0]!].sort()[0]!;
    const to = [today, days.at(-1)!].sort().at(-1)!;

    const byStreet = await get(`/reports/totals?from=${from}&to=${to}&groupBy=street`).expect(200);
    expect(byStreet.body.items).toEqual([
      expect.objectContaining({ key: '(未知)', orders: 0, findings: 1 }),
      expect.objectContaining({
        key: '330106701',
        orders: 2,
        amountFen: 248765,
        confirmedFen: 248765,
        findings: 1,
        amountText: '2,487.65 元',
      }),
      expect.objectContaining({
        key: '330106702',
        orders: 2,
        amountFen: 20001,
        failedFen: 1,
        inTransitFen: 20000,
        findings: 0,
      }),
    ]);

    const byItem = await get(`/reports/totals?from=${from}&to=${to}&groupBy=item`).expect(200);
    expect(
      byItem.body.items.map((r: { key: string; amountFen: number }) => [r.key, r.amountFen]),
    ).toEqual([
      ['(未知)', 0],
      ['dibao', 118765],
      ['temporary', 150001],
    ]);

    const byDay = await get(`/reports/totals?from=${from}&to=${to}&groupBy=day`).expect(200);
    const sum = (k: 'orders' | 'amountFen' | 'findings') =>
      byDay.body.items.reduce((n: number, r: Record<string, number>) => n + (r[k] ?? 0), 0);
    expect([sum('orders'), sum('amountFen'), sum('findings')]).toEqual([4, 268766, 2]);
    expect(byDay.body.items.find((r: { key: string }) => r.key === today).findings).toBe(2);

    const file = await get(`/reports/totals?from=${from}&to=${to}&groupBy=item&format=csv`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = file.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '救助项目,笔数,应付金额(元),已到账(元),街道已代付(元),已预拨待支付(元),在途(元),推送失败(元),资金退回(元),对账差异笔数',
    );
    expect(lines).toContain('最低生活保障,2,1187.65,987.65,0.00,0.00,200.00,0.00,0.00,1');
    expect(lines).toContain('临时救助,2,1500.01,1500.00,0.00,0.00,0.00,0.01,0.00,0');
  });

  it('an invalid range is refused with Chinese field errors', async () => {
    const res = await get('/reports/totals?from=2026-02-01&to=2026-01-01').expect(400);
    expect(res.body.error.details[0]).toMatchObject({ path: 'to', code: 'RANGE_INVALID' });
    const bad = await get('/reports/totals?from=2026-1-1&to=2026-01-01&groupBy=week').expect(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'from',
      'groupBy',
    ]);
  });
});
