import {
  developmentDefaults,
  loadConfig,
  serviceEnvSchema,
  z,
  type Env,
} from '@jh/platform-config';

export const paymentEnvSchema = serviceEnvSchema.extend({
  /** host:port of the "一键达" card platform (apps/card-platform locally). */
  CARD_PLATFORM_URL: z.string().min(1),
  CARD_PLATFORM_TOKEN: z.string().min(1).default('payment'),
  CARD_PLATFORM_DEADLINE_MS: z.coerce.number().int().positive().default(5000),
  /** 0 disables the scheduled sender (tests call it directly). */
  SENDER_INTERVAL_MS: z.coerce.number().int().nonnegative().default(5000),
  /** How often past-due orders are checked for the alarm (R-PAY-2); 0 disables it. */
  OVERDUE_ALARM_INTERVAL_MS: z.coerce.number().int().nonnegative().default(60_000),
  SEND_LEAD_HOURS: z.coerce.number().nonnegative().default(72),
  SEND_LEASE_MS: z.coerce.number().int().positive().default(60000),
  RETRY_INITIAL_MS: z.coerce.number().int().positive().default(5000),
  RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60000),
  CONFIRM_POLL_MS: z.coerce.number().int().positive().default(60000),
  /** R-PAY-3: platform down this long (decimals allowed) before orders may go to the street. */
  FALLBACK_AFTER_MINUTES: z.coerce.number().nonnegative().default(120),
  /** R-PAY-4: street reserve alarm threshold in fen (10,000 元). */
  RESERVE_MIN_FEN: z.coerce.number().int().nonnegative().default(1_000_000),
  /** Statement rows matched per chunk (one progress write each) and concurrent `_id` lookups. */
  RECONCILE_CHUNK_ROWS: z.coerce.number().int().positive().default(1000),
  RECONCILE_LOOKUP_CONCURRENCY: z.coerce.number().int().positive().max(64).default(8),
  /** Shared secret the card platform presents on POST /card-platform/callbacks. */
  CARD_PLATFORM_CALLBACK_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  /** Full scan for paid-order events a crash left unpublished; normally they go by `_id` at once. */
  PAID_EVENTS_SWEEP_MS: z.coerce.number().int().positive().default(300_000),
});
export type PaymentConfig = z.infer<typeof paymentEnvSchema>;

export function loadPaymentConfig(env: Env = process.env): PaymentConfig {
  return loadConfig(paymentEnvSchema, env, {
    ...developmentDefaults('payment', 3007),
    CARD_PLATFORM_URL: '127.0.0.1:50070',
    CARD_PLATFORM_CALLBACK_TOKEN: 'development-callback-token',
  });
}
