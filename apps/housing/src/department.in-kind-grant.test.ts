import { parseReport } from '@jh/department-kit';
import { department } from './department';

describe('housing department rules', () => {
  it('R-OV-3: housing granted in kind (公租房) needs no amount, a rent subsidy may carry one', () => {
    const inKind = parseReport(department, { outcome: 'granted', note: '安排公租房一套' });
    expect(inKind).toEqual({ outcome: 'granted', amountFen: 0, note: '安排公租房一套' });
    expect(parseReport(department, { outcome: 'granted', amountFen: 60000 }).amountFen).toBe(60000);
    expect(() => parseReport(department, { outcome: 'not_applicable', amountFen: 1 })).toThrow();
  });
});
