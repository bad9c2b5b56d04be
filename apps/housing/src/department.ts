import { AssistanceItem } from '@jh/contracts';
import type { DepartmentDefinition } from '@jh/department-kit';

/** 住房救助 is either a rent subsidy (an amount) or housing in kind (公租房, 危房改造): both count. */
export const department: DepartmentDefinition = {
  code: 'housing',
  name: '住房和城乡建设局',
  defaultHttpPort: 3004,
  items: [AssistanceItem.ASSISTANCE_ITEM_HOUSING],
  // Deployment default (no rule sets it); DEPT_HANDLING_LIMIT_DAYS overrides.
  handlingLimitWorkingDays: 15,
  grantAmount: 'optional',
};
