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
  /**
   * The sender finds due orders by slot (ADR 0016); this range scan beside it only catches orders
   * written without a slot. A full scan on the local engine: keep it rare. 0 disables it.
   */
  SENDER_SWEEP_MS: z.coerce.number().int().nonnegative().default(900_000),
};
