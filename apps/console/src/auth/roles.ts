/** Realm roles (tools/local-infra/keycloak/dev-users.mjs) with the names users know them by. */
export const roleLabels: Record<string, string> = {
  window_clerk: '窗口受理人员',
  first_reviewer: '社会事务办负责人',
  approver: '街道分管领导',
  county_bureau: '县（区）民政局',
  city_bureau: '市民政局',
  department_officer: '部门经办人员',
  coordinator: '协同办理协调员',
  outreach_reporter: '主动发现人员',
  payment_staff: '资金对账人员',
  auditor: '审计监督人员',
};

export const departmentLabels: Record<string, string> = {
  education: '教育',
  housing: '住建',
  medical: '医保',
  employment: '人社',
};

/** The department service each department's officers work in (`/api/<service>`). */
export type DepartmentService = 'education' | 'housing' | 'medical' | 'employment';
export const isDepartmentService = (d: string | undefined): d is DepartmentService =>
  d === 'education' || d === 'housing' || d === 'medical' || d === 'employment';
