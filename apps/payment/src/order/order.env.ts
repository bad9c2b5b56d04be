import { z } from '@jh/platform-config';

/** How early monthly orders become sendable; the sender, the monthly batch and fallback agree on it. */
export const sendWindowEnv = {
  SEND_LEAD_HOURS: z.coerce.number().nonnegative().default(72),
};

/** The sender and alarm loops, the retry policy and the paid-event sweep. */
export const orderEnv = {
  ...sendWindowEnv,
  /** 0 disables the scheduled sender (tests call it directly). */
  SENDER_INTERVAL_MS: z.coerce.number().int().nonnegative().default(5000),
  /** How often past-due orders are checked for the alarm (R-PAY-2); 0 disables it. */
  OVERDUE_ALARM_INTERVAL_MS: z.coerce.number().int().nonnegative().default(60_000),
  SEND_LEASE_MS: z.coerce.number().int().positive().default(60000),
  RETRY_INITIAL_MS: z.coerce.number().int().positive().default(5000),
  RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60000),
  CONFIRM_POLL_MS: z.coerce.number().int().positive().default(60000),
  /** Full scan for paid-order events a crash left unpublished; normally they go by `_id` at once. */
  PAID_EVENTS_SWEEP_MS: z.coerce.number().int().positive().default(300_000),
};
