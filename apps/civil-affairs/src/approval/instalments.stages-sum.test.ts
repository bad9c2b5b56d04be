import { isAppError } from '@jh/platform-errors';
import { requireStagesSum } from './instalments';

// R-AP-4 一次审批、分阶段救助. Found by the HTTP fuzz (tools/fuzz): a follow-up approval whose
// stages added up past 2^53 made the money sum throw, answered as a 500.
const refusal = (stages: { amountFen: number }[], amountFen: number) => {
  try {
    requireStagesSum(stages, amountFen, '各阶段金额之和须等于批准金额');
  } catch (e) {
    if (isAppError(e)) return { kind: e.kind, code: e.details[0]?.code, path: e.details[0]?.path };
    throw e;
  }
  return undefined;
};

describe('instalment stages add up to the approved amount (R-AP-4)', () => {
  it('R-AP-4: stages past a safe integer are refused as a wrong sum, not a server error', () => {
    expect(refusal([{ amountFen: Number.MAX_SAFE_INTEGER }, { amountFen: 8 }], 880_500)).toEqual({
      kind: 'invalid_input',
      code: 'INSTALMENTS_SUM',
      path: 'instalments',
    });
  });

  it('R-AP-4: stages that add up pass; any other total is refused', () => {
    expect(refusal([{ amountFen: 25_000 }, { amountFen: 15_000 }], 40_000)).toBeUndefined();
    expect(refusal([{ amountFen: 25_000 }, { amountFen: 15_000 }], 40_001)?.code).toBe(
      'INSTALMENTS_SUM',
    );
  });
});
