import { AssistanceItem, PaymentSchedule } from '@jh/contracts';

import { waitFor, keycloakToken } from '@jh/platform-testing';
import request from 'supertest';
import { approval, startPaymentHarness, type PaymentHarness } from '../test-harness';
import type { BatchRunDoc } from './batch.model';
import { formatMonth, monthOf, nextMonth } from './month';
import type { RecipientDoc } from './recipient.model';

jest.setTimeout(60000);

let h: PaymentHarness;
const month = nextMonth(monthOf(new Date()));
const recipients = () => h.db.collection<RecipientDoc>('payment_recipients');
const runs = () => h.db.collection<BatchRunDoc>('payment_batches');

/** A 低保 approval whose own (single) instalment is due now: the batch pays from next month. */
const monthly = () =>
  approval(
    {
      item: AssistanceItem.ASSISTANCE_ITEM_DIBAO,
      schedule: PaymentSchedule.PAYMENT_SCHEDULE_MONTHLY,
    },
    1,
    0,
  );

const as = (token: string) => ({
  post: (path: string) => request(h.base).post(path).set('authorization', `Bearer ${token}`),
  get: (path: string) => request(h.base).get(path).set('authorization', `Bearer ${token}`),
});

beforeAll(async () => {
  h = await startPaymentHarness('batch-api');
});

afterAll(async () => {
  await h?.stop();
});

describe('monthly recipients and the batch API (R-PAY-2, R-PAY-5, R-OV-1)', () => {
  it('R-PAY-5: a MONTHLY approval registers its recipient once, even when redelivered or re-sent', async () => {
    const event = monthly();
    const eventId = await h.publish(event);
    await h.publish(event, eventId);
    await h.publish(event);
    // Same key, so the same partition: once this one is handled, the three before it are too.
    const temporary = approval({ applicationId: event.applicationId });
    await h.publish(temporary);
    await h.waitForOrders(temporary.approvalId, 1);
    expect(await recipients().countDocuments({ _id: temporary.approvalId })).toBe(0);
    expect(await h.orders().countDocuments({ approvalId: event.approvalId })).toBe(1);
    expect(await recipients().countDocuments({ approvalId: event.approvalId })).toBe(1);
    // Stored sealed (issue 14): opened with the register's cipher to compare.
    const stored = await recipients().findOne({ _id: event.approvalId });
    expect(await h.service.ciphers.payment_recipients.open(stored)).toMatchObject({
      item: 'dibao',
      monthlyAmountFen: 150000,
      startMonth: month,
      stopMonth: 999912,
      sourceEventIds: [eventId],
      recipient: { name: '李秀英', citizenCardNo: event.recipient!.citizenCardNo },
      audit: [expect.objectContaining({ action: 'registered', actor: 'system:payment-intake' })],
    });
  });

  it('R-OV-1: ending a recipient is audited and excludes it from the batch; refusals change nothing', async () => {
    const kept = monthly();
    const ended = monthly();
    await h.publish(kept);
    await h.publish(ended);
    await waitFor(
      async () =>
        (await recipients().countDocuments({
          _id: { $in: [kept.approvalId, ended.approvalId] },
        })) === 2,
      { what: 'two recipients' },
    );
    const before = await recipients().findOne({ _id: ended.approvalId });
    const auditor = await keycloakToken({
      userId: 'aud-1',
      roles: ['auditor'],
      regionCode: '330100',
    });
    await as(auditor)
      .post(`/recipients/${ended.approvalId}/end`)
      .send({ stopMonth: formatMonth(month), reason: '死亡注销' })
      .expect(403);
    const bad = await as(h.staffToken)
      .post(`/recipients/${ended.approvalId}/end`)
      .send({ stopMonth: '2020-01', reason: '追溯停发' })
      .expect(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: 'stopMonth', code: 'STOP_MONTH_PAST' });
    expect(await recipients().findOne({ _id: ended.approvalId })).toEqual(before);

    const res = await as(h.staffToken)
      .post(`/recipients/${ended.approvalId}/end`)
      .send({ stopMonth: formatMonth(month), reason: '死亡注销' })
      .expect(200);
    expect(res.body).toMatchObject({ active: false, stopMonth: formatMonth(month) });
    expect(res.body.audit.at(-1)).toMatchObject({ actor: 'pay-city', action: 'ended' });
    expect(res.body.audit.at(-1).reason).toContain('死亡注销');
    expect(res.body.recipient.idNumber).toBe('330106********1234');
    await as(h.staffToken)
      .post(`/recipients/${ended.approvalId}/end`)
      .send({ stopMonth: formatMonth(month), reason: '重复' })
      .expect(409);

    const started = await as(h.staffToken)
      .post('/batches/monthly')
      .send({ month: formatMonth(month) })
      .expect(202);
    expect(started.body).toMatchObject({ id: `batch:${month}`, status: 'running', attempt: 1 });
    const done = await waitFor(
      async () => {
        const r = await as(auditor)
          .get(`/batches/monthly/${formatMonth(month)}`)
          .expect(200);
        return r.body.status === 'completed' ? r.body : undefined;
      },
      { what: 'batch completed' },
    );
    const active = await recipients().countDocuments({ stopMonth: { $gt: month } });
    expect(done).toMatchObject({
      percent: 100,
      startedBy: 'pay-city',
      counts: { total: active, processed: active, created: active, existing: 0, failed: 0 },
    });
    expect(await h.orders().countDocuments({ instalmentNumber: month })).toBe(active);
    expect(await h.orders().countDocuments({ _id: `${kept.approvalId}:${month}` })).toBe(1);
    expect(await h.orders().countDocuments({ _id: `${ended.approvalId}:${month}` })).toBe(0);
  });

  it('bad month input is refused with a Chinese field error and changes nothing', async () => {
    const before = await runs().find({}).toArray();
    const orders = await h.orders().countDocuments({});
    for (const monthText of ['2026-13', '2026/12', '']) {
      const res = await as(h.staffToken)
        .post('/batches/monthly')
        .send({ month: monthText })
        .expect(400);
      expect(res.body.error.details[0]).toMatchObject({
        path: 'month',
        code: 'MONTH_INVALID',
        message: '月份格式应为 YYYY-MM',
      });
    }
    await as(h.staffToken)
      .post('/batches/monthly')
      .send({ month: '2026-12', extra: 1 })
      .expect(400);
    const auditor = await keycloakToken({
      userId: 'aud-1',
      roles: ['auditor'],
      regionCode: '330100',
    });
    await as(auditor)
      .post('/batches/monthly')
      .send({ month: formatMonth(month) })
      .expect(403);
    await as(h.staffToken).get('/batches/monthly/2001-01').expect(404);
    expect(await runs().find({}).toArray()).toEqual(before);
    expect(await h.orders().countDocuments({})).toBe(orders);
  });
});
