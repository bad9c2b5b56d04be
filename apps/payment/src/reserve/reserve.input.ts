import { z } from '@jh/platform-config';
import { amountFen, reason } from '../order/order.input';

/** 拨付文号 and other short references. */
export const code = z.string().trim().min(1).max(64);

/**
 * Largest single 拨付: 1 亿元. Unbounded, one deposit near 2^53 分 was booked and then pushed the
 * street's balance past a safe integer, so the answer and every later read of that account failed
 * (found by the HTTP fuzz).
 */
export const MAX_DEPOSIT_FEN = 10_000_000_000;

export const depositBody = z
  .object({ amountFen: amountFen.max(MAX_DEPOSIT_FEN), ref: code, reason })
  .strict();
export const reservesQuery = z.object({ belowThreshold: z.enum(['true', 'false']).optional() });
