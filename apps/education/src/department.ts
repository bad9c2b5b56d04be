import { AssistanceItem } from '@jh/contracts';
import type { DepartmentDefinition } from '@jh/department-kit';
import { DEPARTMENTS } from '@jh/domain-policy';
import { exemptionFeature } from './exemption/exemption.feature';
import { exemptionRoutes } from './exemption/exemption.openapi';

/** 教育救助: paid as a grant, so a granted result names its amount. */
export const department: DepartmentDefinition = {
  code: 'education',
  name: DEPARTMENTS.education.officialNameZh,
  defaultHttpPort: 3003,
  items: [AssistanceItem.ASSISTANCE_ITEM_EDUCATION],
  // Deployment default from the departments catalogue; DEPT_HANDLING_LIMIT_DAYS overrides.
  handlingLimitWorkingDays: DEPARTMENTS.education.handlingWorkingDays,
  grantAmount: 'required',
  // R-PD-1: a student of a certified family leaving school is a sign of hardship.
  signalKind: 'school_leaving',
  // 免申即享 (DOMAIN §7): aid granted from civil affairs' certifications, without applying.
  features: [exemptionFeature],
  openApiRoutes: exemptionRoutes,
};
