import { checkApprovalPreconditions } from './approval-preconditions';

const base = {
  selfCareAssessed: false,
  temporaryKind: null,
  democraticReview: null,
} as const;

describe('approval preconditions (R-AP-3, R-AP-4)', () => {
  it('R-AP-3: 特困 cannot be confirmed before the self-care assessment', () => {
    const r = checkApprovalPreconditions({ ...base, item: 'extreme_poverty' });
    expect(r).toMatchObject({ ok: false, code: 'SELF_CARE_ASSESSMENT_REQUIRED', ruleId: 'R-AP-3' });
    expect(
      checkApprovalPreconditions({ ...base, item: 'extreme_poverty', selfCareAssessed: true }),
    ).toEqual({ ok: true });
  });

  it('R-AP-3: 低保 needs no self-care assessment', () => {
    expect(checkApprovalPreconditions({ ...base, item: 'minimum_living' })).toEqual({ ok: true });
  });

  it('R-AP-4: 临时救助 needs its kind before approval', () => {
    expect(checkApprovalPreconditions({ ...base, item: 'temporary' })).toMatchObject({
      ok: false,
      code: 'TEMPORARY_KIND_REQUIRED',
    });
  });

  it('R-AP-4: 支出型 needs a 民主评议, and one that agreed', () => {
    const expenditure = { ...base, item: 'temporary', temporaryKind: 'expenditure' } as const;
    expect(checkApprovalPreconditions(expenditure)).toMatchObject({
      ok: false,
      code: 'DEMOCRATIC_REVIEW_REQUIRED',
    });
    expect(
      checkApprovalPreconditions({ ...expenditure, democraticReview: 'disagree' }),
    ).toMatchObject({ ok: false, code: 'DEMOCRATIC_REVIEW_NOT_AGREED' });
    expect(checkApprovalPreconditions({ ...expenditure, democraticReview: 'agree' })).toEqual({
      ok: true,
    });
  });

  it('R-AP-4: 急难型 is approved without a 民主评议', () => {
    expect(
      checkApprovalPreconditions({ ...base, item: 'temporary', temporaryKind: 'emergency' }),
    ).toEqual({ ok: true });
  });
});
