/** Roles of the back office (DOMAIN §1). */
export const roles = [
  'window_clerk',
  'first_reviewer',
  'approver',
  'county_bureau',
  'city_bureau',
  'department_officer',
  'coordinator',
  'outreach_reporter',
  'payment_staff',
  'auditor',
  'service',
] as const;
export type Role = (typeof roles)[number];

/** The authenticated user, taken from a verified token and never from a request body. */
export interface Actor {
  userId: string;
  name?: string;
  roles: Role[];
  /** Department code for department officers, e.g. `education`. */
  department?: string;
  /** Administrative region code (6-digit, GB/T 2260) or finer street code. */
  regionCode?: string;
}

export const hasRole = (actor: Actor, ...wanted: Role[]) =>
  wanted.some((r) => actor.roles.includes(r));
