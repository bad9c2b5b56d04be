import { AssistanceItem } from '@jh/contracts';
import type { DepartmentDefinition } from '@jh/department-kit';

/** 医疗救助 settles one-stop with basic and critical-illness insurance: a grant is an amount. */
export const department: DepartmentDefinition = {
  code: 'medical',
  name: '医疗保障局',
  defaultHttpPort: 3005,
  items: [AssistanceItem.ASSISTANCE_ITEM_MEDICAL],
  // Deployment default (no rule sets it); DEPT_HANDLING_LIMIT_DAYS overrides.
  handlingLimitWorkingDays: 3,
  grantAmount: 'required',
};
