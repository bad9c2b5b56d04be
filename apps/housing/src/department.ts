import { AssistanceItem } from '@jh/contracts';
import type { DepartmentDefinition } from '@jh/department-kit';
import { DEPARTMENTS } from '@jh/domain-policy';

/** 住房救助 is either a rent subsidy (an amount) or housing in kind (公租房, 危房改造): both count. */
export const department: DepartmentDefinition = {
  code: 'housing',
  name: DEPARTMENTS.housing.officialNameZh,
  defaultHttpPort: 3004,
  items: [AssistanceItem.ASSISTANCE_ITEM_HOUSING],
  // Deployment default from the departments catalogue; DEPT_HANDLING_LIMIT_DAYS overrides.
  handlingLimitWorkingDays: DEPARTMENTS.housing.handlingWorkingDays,
  grantAmount: 'optional',
};
