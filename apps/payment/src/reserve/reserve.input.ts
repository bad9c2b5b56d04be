import { z } from '@jh/platform-config';
import { amountFen, reason } from '../order/order.input';

/** 拨付文号 and other short references. */
export const code = z.string().trim().min(1).max(64);

export const depositBody = z.object({ amountFen, ref: code, reason }).strict();
export const reservesQuery = z.object({ belowThreshold: z.enum(['true', 'false']).optional() });
