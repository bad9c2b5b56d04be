import { defaultSlaConfig } from '@jh/domain-sla';
import {
  type CaseByCaseOutcome,
  type CaseByCaseStage,
  type DeliberationParticipant,
  checkCaseByCaseApplication,
  checkDemocraticReview,
  checkFiling,
  checkPublicNotice,
  nextCaseByCaseStage,
} from './case-by-case';
import { createPolicyContext, limitText } from './policy-result';

const at = (shanghai: string): Date => new Date(`${shanghai.replace(' ', 'T')}:00+08:00`);

function participants(
  count: number,
  extra: DeliberationParticipant[] = [],
): DeliberationParticipant[] {
  const roles = [
    'street_staff',
    'village_committee',
    'resident_official',
    'resident_representative',
  ] as const;
  const base = Array.from({ length: count }, (_, i) => ({
    personId: `p${i}`,
    role: roles[i % roles.length] as DeliberationParticipant['role'],
  }));
  return [...base, { personId: 'jw1', role: 'discipline_observer' }, ...extra];
}

describe('DOMAIN §5 一事一议 stages', () => {
  const path: [CaseByCaseStage, CaseByCaseOutcome, CaseByCaseStage][] = [
    ['investigation', 'done', 'democratic_review'],
    ['democratic_review', 'done', 'office_review'],
    ['office_review', 'passed', 'collective_decision'],
    ['office_review', 'rejected', 'closed'],
    ['collective_decision', 'passed', 'public_notice'],
    ['collective_decision', 'rejected', 'closed'],
    ['public_notice', 'no_objection', 'approved'],
    ['public_notice', 'objection', 'reinvestigation'],
    ['reinvestigation', 'concluded', 'closed'],
    ['reinvestigation', 'continue', 'approved'],
    ['approved', 'done', 'filed'],
  ];
  it.each(path)(
    'DOMAIN §5.7 %s --%s--> %s (an objection goes back to investigation)',
    (stage, outcome, next) => {
      expect(nextCaseByCaseStage(stage, outcome)).toEqual({ ok: true, next });
    },
  );

  it('DOMAIN §5 refuses skipping steps or acting on a finished case', () => {
    expect(nextCaseByCaseStage('investigation', 'passed')).toEqual({
      ok: false,
      code: 'INVALID_TRANSITION',
      reason: '“一事一议”当前环节不能执行该操作（investigation → passed）',
      ruleId: 'DOMAIN §5',
    });
    expect(nextCaseByCaseStage('filed', 'done').ok).toBe(false);
    expect(nextCaseByCaseStage('closed', 'continue').ok).toBe(false);
  });

  it('DOMAIN §5.1 the application needs the signed declaration (承诺)', () => {
    expect(checkCaseByCaseApplication({ declarationSigned: true })).toEqual({ ok: true });
    expect(checkCaseByCaseApplication({ declarationSigned: false })).toMatchObject({
      ok: false,
      code: 'DECLARATION_MISSING',
    });
  });
});

describe('DOMAIN §5.3 democratic review: ≥ 12 participants, discipline observer, within 5 working days', () => {
  // Accepted Thursday 2025-09-25: 5 working days → 09-26, 28 (调休 Sunday), 29, 30, 10-09.
  const acceptedAt = at('2025-09-25 10:00');

  it('DOMAIN §5.3 accepts 12 distinct participants with the observer, held on the 5th working day', () => {
    expect(
      checkDemocraticReview({
        acceptedAt,
        heldAt: at('2025-10-09 15:00'),
        participants: participants(12),
      }),
    ).toEqual({
      ok: true,
      participantCount: 12,
      dueAt: new Date('2025-10-09T15:59:59.999Z'),
    });
  });

  it('DOMAIN §5.3 refuses 11 participants; the observer and duplicate entries are not counted', () => {
    const result = checkDemocraticReview({
      acceptedAt,
      heldAt: at('2025-09-29 15:00'),
      participants: participants(11, [
        { personId: ' p0 ', role: 'street_staff' },
        { personId: 'jw2', role: 'discipline_observer' },
      ]),
    });
    expect(result).toEqual({
      ok: false,
      code: 'PARTICIPANTS_TOO_FEW',
      reason: '参会人员不得少于12人（实到11人，不含纪委监督人员）',
      ruleId: 'DOMAIN §5.3',
      violations: [
        {
          code: 'PARTICIPANTS_TOO_FEW',
          reason: '参会人员不得少于12人（实到11人，不含纪委监督人员）',
        },
      ],
    });
  });

  it('DOMAIN §5.3 lists every violation: late, no observer, missing required roles', () => {
    const onlyReps = Array.from({ length: 12 }, (_, i): DeliberationParticipant => ({
      personId: `r${i}`,
      role: 'resident_representative',
    }));
    const result = checkDemocraticReview({
      acceptedAt,
      heldAt: at('2025-10-10 09:00'),
      participants: onlyReps,
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.violations.map((v) => v.code)).toEqual([
      'REVIEW_TOO_LATE',
      'REQUIRED_ROLE_ABSENT',
      'REQUIRED_ROLE_ABSENT',
      'DISCIPLINE_OBSERVER_ABSENT',
    ]);
    expect(result.ok ? '' : result.reason).toBe(
      '民主评议应在受理后5个工作日内（2025-10-09前）召开',
    );
  });

  it('DOMAIN §5.3 a review dated before acceptance is refused', () => {
    expect(
      checkDemocraticReview({
        acceptedAt,
        heldAt: at('2025-09-24 10:00'),
        participants: participants(12),
      }),
    ).toMatchObject({
      ok: false,
      code: 'REVIEW_BEFORE_ACCEPTANCE',
    });
  });

  it('DOMAIN §5.3 the participant minimum is configuration', () => {
    const ctx = createPolicyContext();
    const config = { ...ctx.config, caseByCase: { ...ctx.config.caseByCase, minParticipants: 15 } };
    expect(
      checkDemocraticReview(
        { acceptedAt, heldAt: at('2025-09-29 10:00'), participants: participants(12) },
        createPolicyContext({ config }),
      ),
    ).toMatchObject({
      ok: false,
      reason: '参会人员不得少于15人（实到12人，不含纪委监督人员）',
    });
  });
});

describe('DOMAIN §5.6 公示 for 7 days and §5.8 filing within 3 working days', () => {
  const postedAt = at('2025-03-03 10:00'); // full period ends 2025-03-10 23:59:59.999

  it('DOMAIN §5.6 approval only after the full 7 days without objection', () => {
    expect(
      checkPublicNotice({ postedAt, endedAt: at('2025-03-11 09:00'), objection: false }),
    ).toEqual({
      ok: true,
      next: 'approved',
      fullPeriodEndsAt: new Date('2025-03-10T15:59:59.999Z'),
    });
    expect(
      checkPublicNotice({ postedAt, endedAt: at('2025-03-10 18:00'), objection: false }),
    ).toEqual({
      ok: false,
      code: 'PUBLIC_NOTICE_TOO_SHORT',
      reason: '公示期为7天，2025-03-10期满后方可审核确认或审批',
      ruleId: 'DOMAIN §5.6',
    });
  });

  it('DOMAIN §5.7 an objection at any time sends the case back to investigation', () => {
    expect(
      checkPublicNotice({ postedAt, endedAt: at('2025-03-05 09:00'), objection: true }),
    ).toMatchObject({ ok: true, next: 'reinvestigation' });
  });

  it('DOMAIN §5.8 filing with both recipients within 3 working days of approval', () => {
    // Approved Friday 2025-09-26: 09-28 (调休 Sunday), 29, 30 → due 09-30.
    const approvedAt = at('2025-09-26 16:00');
    expect(
      checkFiling({
        approvedAt,
        filedAt: at('2025-09-30 17:00'),
        recipients: ['business_department', 'discipline_committee'],
      }),
    ).toEqual({
      ok: true,
      dueAt: new Date('2025-09-30T15:59:59.999Z'),
    });
    const late = checkFiling({
      approvedAt,
      filedAt: at('2025-10-09 09:00'),
      recipients: ['business_department'],
    });
    expect(late).toMatchObject({
      ok: false,
      code: 'FILING_TOO_LATE',
      reason: '应在审批结束后3个工作日内（2025-09-30前）备案',
    });
    expect(late.ok ? [] : late.violations.map((v) => v.reason)).toEqual([
      '应在审批结束后3个工作日内（2025-09-30前）备案',
      '须报送街道（乡镇）纪（工）委备案',
    ]);
  });

  it('DOMAIN §5 day counts in reasons come from the clock configuration', () => {
    const ctx = createPolicyContext({
      slaConfig: {
        ...defaultSlaConfig,
        kinds: {
          ...defaultSlaConfig.kinds,
          public_notice: {
            ...defaultSlaConfig.kinds.public_notice,
            limit: { unit: 'calendar_days', amount: 10 },
          },
        },
      },
    });
    expect(
      checkPublicNotice({ postedAt, endedAt: at('2025-03-12 09:00'), objection: false }, ctx),
    ).toMatchObject({
      ok: false,
      reason: '公示期为10天，2025-03-13期满后方可审核确认或审批',
    });
    expect(limitText(ctx, 'department_handling')).toBe('规定时限');
  });
});
