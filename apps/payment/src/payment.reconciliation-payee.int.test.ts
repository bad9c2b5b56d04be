import request from 'supertest';
import { approval, startPaymentHarness, type PaymentHarness } from './test-harness';

jest.setTimeout(60000);

let h: PaymentHarness;

beforeAll(async () => {
  h = await startPaymentHarness('pay-recon-payee');
});

afterAll(async () => {
  await h?.stop();
});

async function paidOrder(): Promise<{ id: string; card: string }> {
  const event = approval({}, 1);
  await h.publish(event);
  await h.waitForOrders(event.approvalId, 1);
  const id = `${event.approvalId}:1`;
  await h.sendUntil(id, 'confirmed');
  return { id, card: event.recipient!.citizenCardNo };
}

type Finding = { code: string; idempotencyKey: string };
const codesOf = (findings: Finding[], code: string) =>
  findings.filter((f) => f.code === code).map((f) => f.idempotencyKey);

describe('reconciliation checks who was paid (R-PAY-5)', () => {
  it('R-PAY-5: a statement row paying another card number is a CARD_MISMATCH finding, not matched', async () => {
    const right = await paidOrder();
    const wrong = await paidOrder();
    const date = new Date().toISOString().slice(0, 10);
    const csv = h.simulator
      .statementCsv(date)
      .split('\n')
      .map((l) =>
        l.startsWith(`${wrong.id},`) ? l.replace(`,${wrong.card},`, ',6222999988887777,') : l,
      )
      .join('\n');
    const res = await request(h.base)
      .post('/reconciliations')
      .set('authorization', `Bearer ${h.staffToken}`)
      .send({ date, csv })
      .expect(201);
    expect(codesOf(res.body.findings, 'CARD_MISMATCH')).toEqual([wrong.id]);
    expect(res.body.findings.find((f: Finding) => f.code === 'CARD_MISMATCH')).toMatchObject({
      message: '入账市民卡号与支付指令不符',
      orderCardNo: wrong.card,
      statementCardNo: '6222999988887777',
      orderAmountFen: 150000,
      statementAmountFen: 150000,
    });
    expect(res.body.findings.map((f: Finding) => f.idempotencyKey)).not.toContain(right.id);
    expect(res.body.matched).toBe(res.body.rows - 1);
  });

  it('R-PAY-5: where the statement has the account name (户名), another name is a finding too; a text/csv file upload gives the same report', async () => {
    const right = await paidOrder();
    const renamed = await paidOrder();
    const date = new Date().toISOString().slice(0, 10);
    const [header, ...rows] = h.simulator.statementCsv(date).trimEnd().split('\n');
    const pick = (id: string) => rows.find((r) => r.startsWith(`${id},`))!;
    const csv = [
      `${header},户名`,
      `${pick(right.id)},李秀英`,
      `${pick(renamed.id)},王小明`,
      '',
    ].join('\n');
    const res = await request(h.base)
      .post(`/reconciliations/${date}/file`)
      .set('authorization', `Bearer ${h.staffToken}`)
      .set('content-type', 'text/csv')
      .send(csv)
      .expect(202);
    expect(res.body).toMatchObject({ status: 'running', totalRows: 2, replayed: false });
    const done = await h.waitForReport(res.body.id);
    expect(codesOf(done.findings, 'ACCOUNT_NAME_MISMATCH')).toEqual([renamed.id]);
    expect(done).toMatchObject({ rows: 2, matched: 1, percent: 100 });

    // JSON bodies are not statements files: refused with a clear code, nothing created.
    const before = await h.db.collection('payment_reconciliations').countDocuments({});
    const wrongType = await request(h.base)
      .post(`/reconciliations/${date}/file`)
      .set('authorization', `Bearer ${h.staffToken}`)
      .send({ csv })
      .expect(415);
    expect(wrongType.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await h.db.collection('payment_reconciliations').countDocuments({})).toBe(before);
  });

  it('R-PAY-5: a statement file whose import failed is matched again on re-upload; a completed one is replayed', async () => {
    const paid = await paidOrder();
    const date = new Date().toISOString().slice(0, 10);
    const [header, ...rows] = h.simulator.statementCsv(date).trimEnd().split('\n');
    const csv = [
      header,
      rows.find((r) => r.startsWith(`${paid.id},`)),
      'nope:1,Y1,6222000000000000,100,PAID,t',
      '',
    ].join('\n');
    const upload = () =>
      request(h.base)
        .post(`/reconciliations/${date}/file`)
        .set('authorization', `Bearer ${h.staffToken}`)
        .set('content-type', 'text/csv; charset=utf-8')
        .send(csv);
    const first = await upload().expect(202);
    const done = await h.waitForReport(first.body.id);
    // As a process that died mid-import leaves it.
    await h.db
      .collection('payment_reconciliations')
      .updateOne({ _id: first.body.id }, { $set: { status: 'failed', error: 'boom' } });
    const again = await upload().expect(202);
    expect(again.body).toMatchObject({ id: first.body.id, replayed: false, status: 'running' });
    const redone = await h.waitForReport(first.body.id);
    // Same counts as the first run, not added to them (other orders sent today are missing).
    expect(redone).toMatchObject({
      rows: 2,
      matched: 1,
      findingsTotal: done.findingsTotal,
      findingCounts: done.findingCounts,
      findingChunks: done.findingChunks,
    });
    expect(done.findingCounts['UNKNOWN_ON_PLATFORM']).toBe(1);
    expect(redone.findings).toEqual(done.findings);
    expect(
      await h.db
        .collection('payment_reconciliation_findings')
        .countDocuments({ reportId: first.body.id }),
    ).toBe(done.findingChunks);
    const replay = await upload().expect(200);
    expect(replay.body).toMatchObject({ id: first.body.id, replayed: true, status: 'completed' });
  });
});
