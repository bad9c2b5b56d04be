import { createPolicyContext } from './policy-result';
import { PolicyConfigError } from './policy-result';
import { planInstalments } from './instalment-plan';
import { defaultSlaConfig } from '@jh/domain-sla';

// 2026-11-30 10:00 in Shanghai, a Monday.
const approvedAt = new Date('2026-11-30T02:00:00Z');
const stages = [
  { amountFen: 100 },
  { amountFen: 200, payFrom: '2026-12-20' },
  { amountFen: 5, payFrom: '2026-11-01' },
];
const dues = (schedule: 'monthly' | 'temporary' | 'first_aid') =>
  planInstalments({ approvalId: 'a', schedule, stages, approvedAt }).map((i) =>
    i.dueAt.toISOString(),
  );

describe('instalment plan (R-PAY-2)', () => {
  it('R-PAY-2: monthly stages are the following months, each due by the 10th', () => {
    expect(dues('monthly')).toEqual([
      '2026-12-10T15:59:59.999Z',
      '2027-01-10T15:59:59.999Z',
      '2027-02-10T15:59:59.999Z',
    ]);
  });

  it('R-PAY-2: temporary aid is due 3 working days after approval or after a later payFrom', () => {
    expect(dues('temporary')).toEqual([
      '2026-12-03T15:59:59.999Z',
      '2026-12-23T15:59:59.999Z',
      '2026-12-03T15:59:59.999Z',
    ]);
  });

  it('R-AP-9: first aid is due 24 hours after approval or after a later payFrom', () => {
    expect(dues('first_aid')).toEqual([
      '2026-12-01T02:00:00.000Z',
      '2026-12-20T16:00:00.000Z',
      '2026-12-01T02:00:00.000Z',
    ]);
  });

  it('R-PAY-2: instalments are numbered from 1 with the approval key and keep their amounts', () => {
    const plan = planInstalments({ approvalId: 'x', schedule: 'temporary', stages, approvedAt });
    expect(plan.map((i) => [i.number, i.amountFen, i.idempotencyKey])).toEqual([
      [1, 100, 'x:1'],
      [2, 200, 'x:2'],
      [3, 5, 'x:3'],
    ]);
  });

  it('R-PAY-2: a payment clock without a limit is a configuration error', () => {
    const { limit: _limit, ...noLimit } = defaultSlaConfig.kinds.temporary_aid_payment;
    const ctx = createPolicyContext({
      slaConfig: {
        ...defaultSlaConfig,
        kinds: { ...defaultSlaConfig.kinds, temporary_aid_payment: noLimit },
      },
    });
    expect(() =>
      planInstalments({ approvalId: 'a', schedule: 'temporary', stages, approvedAt }, ctx),
    ).toThrow(PolicyConfigError);
  });
});
