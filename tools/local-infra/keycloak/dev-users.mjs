// Development users, roles and service clients of the local realm `jh` (local use only).
// Used by realm.mjs to generate realm-jh.json.
import { createHash } from 'node:crypto';

export const REALM_ROLES = {
  window_clerk: '窗口受理人员（街道/乡镇社会救助窗口）',
  first_reviewer: '社会事务办负责人（初审、委托确认）',
  approver: '街道分管领导（审核确认、审批）',
  county_bureau: '县（区）民政局',
  city_bureau: '市民政局',
  department_officer: '部门经办人员（教育、住建、医保、人社等）',
  coordinator: '协同办理协调员',
  outreach_reporter: '主动发现人员（村社区干部、驻村干部、志愿者、救助热线）',
  payment_staff: '资金对账人员',
  auditor: '纪工委/审计（只读）',
  service: '服务账号（服务间调用）',
};

export const CITY = '330100';
export const COUNTIES = ['330106', '330105'];
export const STREETS = ['330106001', '330106002', '330105001', '330105002'];
const DEPARTMENTS = ['education', 'housing', 'medical', 'employment'];
const DEPT_SHORT = {
  education: 'edu',
  housing: 'housing',
  medical: 'medical',
  employment: 'employment',
};

/** Deterministic Chinese names: family name by user index, given name by index. */
const FAMILY = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
];
const GIVEN = [
  '丽',
  '强',
  '敏',
  '静',
  '磊',
  '芳',
  '军',
  '洋',
  '艳',
  '勇',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
];

function devUsers() {
  const list = [];
  const add = (username, role, regionCode, department) => {
    const i = list.length;
    const lastName = FAMILY[i % FAMILY.length];
    const firstName = GIVEN[(i * 7) % GIVEN.length] + GIVEN[(i * 5 + 3) % GIVEN.length];
    list.push({ username, role, regionCode, department, firstName, lastName });
  };
  for (const s of STREETS) {
    add(`clerk.${s}`, 'window_clerk', s);
    add(`reviewer.${s}`, 'first_reviewer', s);
    add(`approver.${s}`, 'approver', s);
  }
  for (const c of COUNTIES) {
    add(`county.${c}`, 'county_bureau', c);
    add(`coord.${c}`, 'coordinator', c);
    add(`pay.${c}`, 'payment_staff', c);
    add(`audit.${c}`, 'auditor', c);
    for (const d of DEPARTMENTS) add(`${DEPT_SHORT[d]}.${c}`, 'department_officer', c, d);
  }
  add(`city.${CITY}`, 'city_bureau', CITY);
  add(`coord.${CITY}`, 'coordinator', CITY);
  add(`audit.${CITY}`, 'auditor', CITY);
  // The monthly batch and statement imports cover the whole platform: city payment staff run them.
  add(`pay.${CITY}`, 'payment_staff', CITY);
  // Added last: names come from the index, and tests know the earlier users by name.
  for (const s of STREETS) add(`reporter.${s}`, 'outreach_reporter', s);
  return list;
}

/** Development users: { username, role, regionCode, department?, firstName, lastName }. */
export const DEV_USERS = devUsers();

export const SERVICE_CLIENTS = [
  'svc-intake',
  'svc-civil-affairs',
  'svc-payment',
  'svc-education',
  'svc-housing',
  'svc-medical',
  'svc-employment',
  'svc-card-platform',
];
/** Service clients that may look users up (hand-over targets, R-JH-5). */
export const USER_LOOKUP_CLIENTS = ['svc-intake', 'svc-civil-affairs'];
export const devClientSecret = (clientId) => `dev-secret-${clientId}`;

/**
 * Fixed user ids (the token's `sub`), derived from the username (UUID v5 layout over SHA-1), so
 * `sub` survives a re-import of the realm and is the same in every clone.
 */
export function devUserId(username) {
  const h = createHash('sha1').update(`jh-dev-user:${username}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
