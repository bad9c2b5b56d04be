import { DEPARTMENT_HANDLING_WORKING_DAYS } from '@jh/domain-policy';
import { jsonEnv, serviceEnvSchema, z } from '@jh/platform-config';

const escalationLevels = ['reminder', 'coordinator', 'notice'] as const;
export type EscalationLevelCode = (typeof escalationLevels)[number];

const jsonRecord = <T extends z.ZodType>(value: T) =>
  jsonEnv(z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), value));

const { AUTH_TOKEN_URL, AUTH_CLIENT_ID, AUTH_CLIENT_SECRET } = serviceEnvSchema.shape;

/** Case settings (dispatch, routing, SLA clocks), spread into the civil-affairs env schema. */
export const caseEnv = {
  INTAKE_GRPC_URL: z.string().min(1),
  // Reading applications from intake needs this service's client credentials (ADR 0018).
  AUTH_TOKEN_URL: AUTH_TOKEN_URL.unwrap(),
  AUTH_CLIENT_ID: AUTH_CLIENT_ID.unwrap(),
  AUTH_CLIENT_SECRET: AUTH_CLIENT_SECRET.unwrap(),
  /**
   * Routing table (R-JH-2), item code → department code, as JSON. Items absent from the table are
   * civil affairs' own (低保, 特困 …) and get no department part. Adding a department is data only.
   */
  ROUTING_TABLE_JSON: jsonRecord(z.string().regex(/^[a-z][a-z0-9_]*$/)).default({
    education: 'education',
    housing: 'housing',
    medical: 'medical',
    employment: 'employment',
  }),
  /**
   * Department code → its own handling limit in working days (R-JH-3). The rules set no number;
   * the defaults come from the one departments catalogue the department services read too.
   */
  DEPARTMENT_HANDLING_LIMITS_JSON: jsonRecord(z.number().int().positive()).default({
    ...DEPARTMENT_HANDLING_WORKING_DAYS,
  }),
  /** Handling limit for departments without an entry above. */
  DEFAULT_HANDLING_WORKING_DAYS: z.coerce.number().int().positive().default(5),
  /** Department code → display name for 通报 and the console. */
  DEPARTMENT_NAMES_JSON: jsonRecord(z.string().min(1)).default({}),
  /**
   * Share of parts each department should report back on time (0–1): the alert on
   * `jh_department_on_time_ratio` fires below it (issue 17). Department code → target; `*` for all.
   */
  ON_TIME_TARGETS_JSON: jsonEnv(z.record(z.string(), z.number().min(0).max(1))).default({
    '*': 0.95,
  }),
  /** A running clock is at risk once at most this share (%) of its span remains. */
  SLA_AT_RISK_PERCENT: z.coerce.number().int().min(1).max(99).default(20),
  /** Scheduled SLA scan interval; 0 disables the timer (tests call the scan directly). */
  SLA_SCAN_INTERVAL_MS: z.coerce.number().int().nonnegative().default(60_000),
  /** Escalation chain, in order; a level left out is never published. */
  ESCALATION_CHAIN: z
    .string()
    .transform((s) => s.split(',').map((l) => l.trim()))
    .pipe(z.array(z.enum(escalationLevels)).min(1))
    .default(['reminder', 'coordinator', 'notice']),
  /** 通报 level once a clock is overdue by more than this many working days. */
  NOTICE_AFTER_WORKING_DAYS: z.coerce.number().int().nonnegative().default(2),
};
