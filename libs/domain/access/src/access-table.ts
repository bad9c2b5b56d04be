/**
 * Who may read and write which kind of record (R-OV-2, DOMAIN §1): the one role × kind × op table.
 * Written from the services' route role lists, so every endpoint's roles are a subset of its
 * kind's row here; endpoints may still narrow further per step (e.g. only approvers approve).
 * Region and department limits are applied by `decide` on top of this table, never in it.
 */

export type AccessOp = 'read' | 'write';

/** The back-office roles (the realm roles of the identity provider). */
export type AccessRole =
  | 'window_clerk'
  | 'first_reviewer'
  | 'approver'
  | 'county_bureau'
  | 'city_bureau'
  | 'department_officer'
  | 'coordinator'
  /** 主动发现: village/community cadres, volunteers, the hotline (R-PD-1). */
  | 'outreach_reporter'
  | 'payment_staff'
  | 'auditor'
  | 'service';

type RoleList = readonly AccessRole[];

const civilAffairsStaff = [
  'window_clerk',
  'first_reviewer',
  'approver',
  'county_bureau',
  'city_bureau',
  'coordinator',
  'auditor',
] as const satisfies RoleList;
const paymentReaders = [
  'payment_staff',
  'auditor',
  'city_bureau',
  'county_bureau',
] as const satisfies RoleList;
const reviewWriters = [
  'window_clerk',
  'first_reviewer',
  'coordinator',
  'approver',
  'county_bureau',
  'city_bureau',
] as const satisfies RoleList;

/**
 * Services read every kind (their callers were checked where the call began) and write only
 * where a row lists `service` under `write` (none does yet). Auditors appear under `read` only.
 */
export const accessTable = {
  // intake: register, hand over (R-JH-5), supply papers (R-JH-6)
  application: {
    read: civilAffairsStaff,
    write: ['window_clerk', 'first_reviewer', 'coordinator'],
  },
  // civil-affairs joint-handling case: transfer, referral
  case: { read: civilAffairsStaff, write: ['coordinator'] },
  review: { read: civilAffairsStaff, write: reviewWriters },
  deliberation: {
    read: ['window_clerk', 'first_reviewer', 'approver', 'county_bureau', 'coordinator', 'auditor'],
    write: ['window_clerk', 'first_reviewer', 'approver', 'county_bureau', 'coordinator'],
  },
  'first-aid': {
    read: ['approver', 'first_reviewer', 'county_bureau', 'coordinator', 'auditor'],
    write: ['approver', 'first_reviewer', 'county_bureau'],
  },
  certification: {
    read: civilAffairsStaff,
    write: ['first_reviewer', 'approver', 'county_bureau'],
  },
  // department services' parts (and education's 免申即享 list); officers: own department only
  part: { read: ['department_officer', 'coordinator'], write: ['department_officer'] },
  exemption: { read: ['department_officer', 'coordinator'], write: [] },
  order: { read: paymentReaders, write: ['payment_staff'] },
  batch: { read: paymentReaders, write: ['payment_staff'] },
  // street reserve and its fallback payments (R-PAY-3, R-PAY-4)
  reserve: { read: paymentReaders, write: ['payment_staff', 'county_bureau'] },
  reconciliation: { read: paymentReaders, write: ['payment_staff'] },
  // payment reports and the card platform's figures
  report: { read: paymentReaders, write: [] },
  coordination: { read: ['coordinator'], write: ['coordinator'] },
  'spot-check': { read: ['county_bureau', 'city_bureau', 'auditor'], write: ['county_bureau'] },
  relative: { read: civilAffairsStaff, write: ['window_clerk', 'first_reviewer', 'county_bureau'] },
  // 主动发现 (R-PD-1): people and departments report households; a signal is read in its task
  signal: {
    read: [
      'outreach_reporter',
      'department_officer',
      'window_clerk',
      'first_reviewer',
      'coordinator',
      'county_bureau',
      'auditor',
    ],
    write: ['outreach_reporter', 'department_officer', 'window_clerk', 'first_reviewer'],
  },
  // outreach tasks at the household's street (R-PD-1…3)
  outreach: {
    read: [
      'window_clerk',
      'first_reviewer',
      'coordinator',
      'county_bureau',
      'city_bureau',
      'auditor',
    ],
    write: ['window_clerk', 'first_reviewer', 'coordinator'],
  },
  // 研判会商 records and their follow-ups (R-PD-4)
  consultation: {
    read: ['first_reviewer', 'coordinator', 'county_bureau', 'city_bureau', 'auditor'],
    write: ['coordinator'],
  },
  // holiday data per year (ADR 0003): everyone who sees a deadline reads it; the city loads years
  // (a coordinator only at city level, checked by the route)
  calendar: {
    read: [...civilAffairsStaff, 'department_officer'],
    write: ['city_bureau', 'coordinator'],
  },
} as const satisfies Readonly<Record<string, Readonly<Record<AccessOp, RoleList>>>>;

export type ResourceKind = keyof typeof accessTable;
export const resourceKinds = Object.keys(accessTable) as ResourceKind[];

/** Roles that see only their own department's records where a record names one (R-JH-2). */
export const departmentBoundRoles: RoleList = ['department_officer'];

/** The roles the table lets do `op` on `kind` (services' implicit reads not included). */
export function rolesFor(kind: ResourceKind, op: AccessOp): RoleList {
  return accessTable[kind][op];
}
