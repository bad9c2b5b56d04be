import { parseReport } from '@jh/department-kit';
import { AppError } from '@jh/platform-errors';
import { department } from './department';

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error('expected parseReport to reject the report');
}

describe('housing department rules', () => {
  it('R-OV-3: housing granted in kind (公租房) needs no amount, a rent subsidy may carry one', () => {
    const inKind = parseReport(department, { outcome: 'granted', note: '安排公租房一套' });
    expect(inKind).toEqual({ outcome: 'granted', amountFen: 0, note: '安排公租房一套' });
    expect(parseReport(department, { outcome: 'granted', amountFen: 60000 }).amountFen).toBe(60000);
    // Exactly this error, not just any throw: an amount on a report that grants nothing.
    const error = errorOf(() =>
      parseReport(department, { outcome: 'not_applicable', amountFen: 1 }),
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: 'invalid_input', code: 'INVALID_INPUT' });
    expect((error as AppError).details).toEqual([
      { path: 'amountFen', code: 'AMOUNT_NOT_ALLOWED', message: '未批准救助时金额须为 0' },
    ]);
  });
});
