import { AssistanceItem, cardStatementHeader } from '@jh/contracts';
import request from 'supertest';
import { approval, startPaymentHarness, type PaymentHarness } from './test-harness';

jest.setTimeout(60000);

let h: PaymentHarness;

beforeAll(async () => {
  h = await startPaymentHarness('pay-console');
});

afterAll(async () => {
  await h?.stop();
});

const get = (path: string, query: Record<string, string | number> = {}) =>
  request(h.base).get(path).query(query).set('authorization', `Bearer ${h.staffToken}`);

// Due dates in two months (Asia/Shanghai): 2027-03-10 and 2027-04-01 00:30 (+08:00).
const march = new Date('2027-03-10T15:59:00Z');
const april = new Date('2027-03-31T16:30:00Z');

async function order(street: string, item: AssistanceItem, dueAt: Date): Promise<string> {
  const event = approval({ streetCode: street, item });
  event.instalments[0]!.dueAt = dueAt;
  await h.publish(event);
  await h.waitForOrders(event.approvalId, 1);
  return `${event.approvalId}:1`;
}

describe('the console order worklist and statement history (R-PAY-2, R-PAY-5)', () => {
  it('R-PAY-2: pages orders by street, item and due month with the exact total; the old list shape is unchanged', async () => {
    const temp = AssistanceItem.ASSISTANCE_ITEM_TEMPORARY;
    const a = await order('330106001', temp, march);
    const b = await order('330106001', temp, april);
    const c = await order('330106002', temp, march);
    const d = await order('330106001', AssistanceItem.ASSISTANCE_ITEM_MEDICAL, march);
    const stored = await h.order(a);

    const street = await get('/orders', { page: 1, pageSize: 2, streetCode: '330106001' });
    expect(street.status).toBe(200);
    expect(street.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    // Sorted by due date, then _id: a and d (March) come before b (April).
    expect(street.body.items.map((o: { id: string }) => o.id).sort()).toEqual([a, d].sort());
    const second = await get('/orders', { page: 2, pageSize: 2, streetCode: '330106001' });
    expect(second.body.items.map((o: { id: string }) => o.id)).toEqual([b]);

    const inMarch = await get('/orders', {
      page: 1,
      streetCode: '330106001',
      item: stored.item,
      month: '2027-03',
    });
    expect(inMarch.body.total).toBe(1);
    expect(inMarch.body.items[0].id).toBe(a);
    const inApril = await get('/orders', { page: 1, month: '2027-04' });
    expect(inApril.body.items.map((o: { id: string }) => o.id)).toEqual([b]);
    expect((await get('/orders', { page: 1, streetCode: '330106002' })).body.total).toBe(1);
    expect((await get('/orders', { page: 1, streetCode: '330106002' })).body.items[0].id).toBe(c);

    const bad = await get('/orders', { page: 1, month: '2027-13' });
    expect(bad.status).toBe(400);
    // Without `page` the list answers as before: items and their count, no paging fields.
    const plain = await get('/orders', { limit: 10 });
    expect(plain.body.total).toBe(plain.body.items.length);
    expect(plain.body.page).toBeUndefined();
  });

  it('R-PAY-5: lists imported statements of a period newest first, without their findings', async () => {
    const date = '2027-03-11';
    const csv = [cardStatementHeader, `nobody:1,YJD1,C1,8800,PAID,${date}T08:00:00Z`, ''].join(
      '\n',
    );
    const imported = await request(h.base)
      .post('/reconciliations')
      .set('authorization', `Bearer ${h.staffToken}`)
      .send({ date, csv })
      .expect(201);
    const res = await get('/reconciliations', { from: '2027-03-01', to: '2027-03-31' });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      id: imported.body.id,
      date,
      status: 'completed',
      findingsTotal: 1,
      findings: [],
    });
    const none = await get('/reconciliations', { from: '2027-04-01', to: '2027-04-30' });
    expect(none.body.items).toEqual([]);
  });
});
