import { z } from '@jh/platform-config';

/** What the platform posts; its upper-case statuses map to ours below. */
export const callbackBody = z
  .object({
    idempotencyKey: z.string().min(1).max(200),
    status: z.enum(['PENDING', 'PAID', 'DECLINED', 'RETURNED']),
    platformRef: z.string().max(100).default(''),
    amountFen: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    declineReason: z.enum(['CARD_FROZEN', 'CARD_CLOSED', 'NAME_MISMATCH', 'DECLINED']).optional(),
  })
  .strict();

export const callbackStatus = {
  PENDING: 'pending',
  PAID: 'paid',
  DECLINED: 'declined',
  RETURNED: 'returned',
} as const;
