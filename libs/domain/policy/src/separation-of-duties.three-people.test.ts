import { checkMayPerformStep, checkSeparationOfDuties } from './separation-of-duties';

describe('R-AP-1 受理, 初审 and 审核确认 by three different people', () => {
  it('R-AP-1 accepts three different people, and partial records with no repeat', () => {
    expect(
      checkSeparationOfDuties({ intake: 'u1', first_review: 'u2', confirmation: 'u3' }),
    ).toEqual({ ok: true });
    expect(checkSeparationOfDuties({ intake: 'u1' })).toEqual({ ok: true });
    expect(checkSeparationOfDuties({})).toEqual({ ok: true });
  });

  it('R-AP-1 refuses when 受理 and 初审 are the same person, with a reason the UI can show', () => {
    expect(
      checkSeparationOfDuties({ intake: 'u1', first_review: 'u1', confirmation: 'u3' }),
    ).toEqual({
      ok: false,
      code: 'SAME_PERSON_FOR_TWO_STEPS',
      reason: '受理、初审、审核确认须由三名不同人员办理：受理与初审不能为同一人',
      ruleId: 'R-AP-1',
      steps: ['intake', 'first_review'],
    });
  });

  it('R-AP-1 refuses 受理 = 审核确认 and 初审 = 审核确认 (ids compared after trimming)', () => {
    expect(
      checkSeparationOfDuties({ intake: 'u1', first_review: 'u2', confirmation: ' u1 ' }),
    ).toMatchObject({
      ok: false,
      steps: ['intake', 'confirmation'],
      reason: '受理、初审、审核确认须由三名不同人员办理：受理与审核确认不能为同一人',
    });
    expect(checkSeparationOfDuties({ first_review: 'u2', confirmation: 'u2' })).toMatchObject({
      ok: false,
      steps: ['first_review', 'confirmation'],
    });
  });

  it('R-AP-1 refuses a blank actor rather than letting it slip through the comparison', () => {
    expect(checkSeparationOfDuties({ intake: '  ' })).toEqual({
      ok: false,
      code: 'ACTOR_REQUIRED',
      reason: '受理经办人不能为空',
      ruleId: 'R-AP-1',
      steps: ['intake'],
    });
  });

  it('R-AP-1 guards the action itself: the 初审 person may not confirm', () => {
    const done = { intake: 'clerk', first_review: 'head' };
    expect(checkMayPerformStep('confirmation', 'head', done)).toMatchObject({
      ok: false,
      code: 'SAME_PERSON_FOR_TWO_STEPS',
    });
    expect(checkMayPerformStep('confirmation', 'leader', done)).toEqual({ ok: true });
  });
});
