import { AssistanceItem } from '@jh/contracts';
import type { DepartmentDefinition } from '@jh/department-kit';
import { DEPARTMENTS } from '@jh/domain-policy';

/**
 * 就业救助 is placement and training, not cash. DOMAIN §8: in 低保/低边 families at least one
 * working-age member able to work should be employed; every result reports the household figures.
 */
export const department: DepartmentDefinition = {
  code: 'employment',
  name: DEPARTMENTS.employment.officialNameZh,
  defaultHttpPort: 3006,
  items: [AssistanceItem.ASSISTANCE_ITEM_EMPLOYMENT],
  // Deployment default from the departments catalogue; DEPT_HANDLING_LIMIT_DAYS overrides.
  handlingLimitWorkingDays: DEPARTMENTS.employment.handlingWorkingDays,
  grantAmount: 'forbidden',
  // R-PD-1: a registered job loss in a household with dependants is a sign of hardship.
  signalKind: 'job_loss',
  target: {
    code: 'ONE_EMPLOYED_MEMBER',
    labelZh: '低保、低边家庭至少一名有劳动能力的劳动年龄成员就业',
    figures: {
      ableToWorkMembers: '有劳动能力的劳动年龄成员数',
      employedMembers: '其中已就业人数',
    },
    // A household with nobody able to work cannot miss the target.
    met: (f) => (f['ableToWorkMembers'] ?? 0) === 0 || (f['employedMembers'] ?? 0) >= 1,
    check: (f) =>
      (f['employedMembers'] ?? 0) > (f['ableToWorkMembers'] ?? 0)
        ? [{ figure: 'employedMembers', message: '已就业人数不能多于有劳动能力的成员数' }]
        : [],
  },
};
