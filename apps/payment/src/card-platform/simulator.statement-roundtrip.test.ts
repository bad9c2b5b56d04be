import { DeclineReason, PlatformPaymentStatus, PushOutcome } from '@jh/contracts';
import { parseStatementCsv } from '../reconciliation/statement-csv';
import { CardPlatformSimulator } from '@jh/platform-card-simulator';

const push = (key: string, cardNo = 'C1') => ({
  idempotencyKey: key,
  cardNo,
  name: '李秀英',
  amountFen: 1200,
});

describe('card platform simulator', () => {
  it('R-PAY-5: a repeated push with one idempotency key books one payment and answers the same', () => {
    const sim = new CardPlatformSimulator();
    const a = sim.push(push('a:1'));
    const b = sim.push(push('a:1'));
    expect(b).toEqual(a);
    expect(sim.payments.size).toBe(1);
    expect(sim.paidCount('a:1')).toBe(1);
    expect(sim.pushLog).toHaveLength(2);
  });

  it('declines per card, delays confirmation and delivers duplicate callbacks when told to', () => {
    let now = new Date('2026-03-02T01:00:00Z');
    const sim = new CardPlatformSimulator(() => now);
    sim.faults.declineCards.set('FROZEN', DeclineReason.DECLINE_REASON_CARD_FROZEN);
    expect(sim.push(push('d:1', 'FROZEN')).outcome).toBe(PushOutcome.PUSH_OUTCOME_DECLINED);

    const callbacks: string[] = [];
    sim.onCallback((key) => callbacks.push(key));
    sim.faults.duplicateCallbacks = true;
    sim.faults.confirmAfterMs = 1000;
    sim.push(push('p:1'));
    expect(callbacks).toEqual(['p:1', 'p:1']);
    expect(sim.query({ idempotencyKey: 'p:1' }).status).toBe(
      PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PENDING,
    );
    now = new Date(now.getTime() + 1000);
    expect(sim.query({ idempotencyKey: 'p:1' }).status).toBe(
      PlatformPaymentStatus.PLATFORM_PAYMENT_STATUS_PAID,
    );
  });

  it('its statement CSV parses back with the documented layout; declines are not listed', () => {
    const sim = new CardPlatformSimulator(() => new Date('2026-03-02T01:00:00Z'));
    sim.faults.declineCards.set('CLOSED', DeclineReason.DECLINE_REASON_CARD_CLOSED);
    sim.push(push('x:1'));
    sim.push(push('x:2', 'CLOSED'));
    sim.push(push('x:3'));
    sim.markReturned('x:3');
    const rows = parseStatementCsv(sim.statementCsv('2026-03-02'));
    expect(rows.map((r) => [r.idempotencyKey, r.amountFen, r.status, r.bookedAt])).toEqual([
      ['x:1', 1200, 'paid', '2026-03-02T01:00:00Z'],
      ['x:3', 1200, 'returned', '2026-03-02T01:00:00Z'],
    ]);
    expect(sim.statementCsv('2026-03-03').trim().split('\n')).toHaveLength(1);
  });
});
