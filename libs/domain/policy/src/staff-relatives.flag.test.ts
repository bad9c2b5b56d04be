import { defaultPolicyConfig } from './policy-config';
import { type StaffRelativeEntry, flagStaffRelatives } from './staff-relatives';

const registry: StaffRelativeEntry[] = [
  {
    entryId: 'r1',
    relativeIdNumber: '33010619800101123x',
    staffRole: 'assistance_staff',
    relation: '配偶',
  },
  {
    entryId: 'r2',
    relativeIdNumber: '330106198001011234',
    staffRole: 'village_cadre',
    relation: '子女',
  },
];

describe('R-AP-8 relatives of assistance staff and cadres are flagged for review', () => {
  it('R-AP-8 flags a 低保 household with a registered relative (ID compared case-insensitively), without personal data in the reason', () => {
    const flag = flagStaffRelatives(
      {
        item: 'minimum_living',
        members: [
          { memberId: 'm1', idNumber: ' 33010619800101123X ' },
          { memberId: 'm2', idNumber: '330106200001010000' },
        ],
      },
      registry,
    );
    expect(flag).toEqual({
      ruleId: 'R-AP-8',
      applies: true,
      flagged: true,
      matches: [{ memberId: 'm1', entryId: 'r1', staffRole: 'assistance_staff', relation: '配偶' }],
      reason: '申请家庭成员中有社会救助经办人员或村（社区）干部的近亲属，已备案，须重点复核',
    });
    expect(flag.reason).not.toContain('3301');
  });

  it('R-AP-8 reports every match when one person is registered twice', () => {
    const twice = [
      ...registry,
      {
        entryId: 'r3',
        relativeIdNumber: '330106198001011234',
        staffRole: 'community_cadre' as const,
        relation: '父母',
      },
    ];
    const flag = flagStaffRelatives(
      { item: 'minimum_living', members: [{ memberId: 'm9', idNumber: '330106198001011234' }] },
      twice,
    );
    expect(flag.matches.map((m) => m.entryId)).toEqual(['r2', 'r3']);
  });

  it('R-AP-8 does not flag households without registered relatives', () => {
    expect(
      flagStaffRelatives(
        { item: 'minimum_living', members: [{ memberId: 'm2', idNumber: '330106200001010000' }] },
        registry,
      ),
    ).toEqual({
      ruleId: 'R-AP-8',
      applies: true,
      flagged: false,
      matches: [],
    });
  });

  it('R-AP-8 applies to 低保 by default; other items only when configured', () => {
    const members = [{ memberId: 'm1', idNumber: '33010619800101123X' }];
    expect(flagStaffRelatives({ item: 'temporary', members }, registry)).toEqual({
      ruleId: 'R-AP-8',
      applies: false,
      flagged: false,
      matches: [],
    });
    const config = {
      ...defaultPolicyConfig,
      staffRelatives: { appliesToItems: ['minimum_living', 'temporary'] as const },
    };
    expect(flagStaffRelatives({ item: 'temporary', members }, registry, config).flagged).toBe(true);
  });
});
