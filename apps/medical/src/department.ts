import { AssistanceItem } from '@jh/contracts';
import type { DepartmentDefinition } from '@jh/department-kit';
import { DEPARTMENTS } from '@jh/domain-policy';

/** 医疗救助 settles one-stop with basic and critical-illness insurance: a grant is an amount. */
export const department: DepartmentDefinition = {
  code: 'medical',
  name: DEPARTMENTS.medical.officialNameZh,
  defaultHttpPort: 3005,
  items: [AssistanceItem.ASSISTANCE_ITEM_MEDICAL],
  // Deployment default from the departments catalogue; DEPT_HANDLING_LIMIT_DAYS overrides.
  handlingLimitWorkingDays: DEPARTMENTS.medical.handlingWorkingDays,
  grantAmount: 'required',
  // R-PD-1: a large personal medical expense after insurance is a sign of hardship.
  signalKind: 'medical_expense',
};
