import { isAppError } from '@jh/platform-errors';
import { parseReport } from '@jh/department-kit';
import { department } from './department';

describe('medical department rules', () => {
  it('DOMAIN §8 medical aid: a granted result without an amount in fen is refused', () => {
    let refusal: unknown;
    try {
      parseReport(department, { outcome: 'granted', note: '住院费用救助' });
    } catch (e) {
      refusal = e;
    }
    expect(isAppError(refusal) && refusal.details).toEqual([
      {
        path: 'amountFen',
        code: 'AMOUNT_REQUIRED',
        message: '医疗保障局批准救助时须填写救助金额（单位：分）',
      },
    ]);
    expect(parseReport(department, { outcome: 'granted', amountFen: 860000 }).amountFen).toBe(
      860000,
    );
  });
});
