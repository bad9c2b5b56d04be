import { idNumberSchema, regionCodeSchema } from '@jh/domain-application';
import { z } from 'zod';

/**
 * Whom the street contacts (a HardshipSignal's subject), as every sender takes it: the household
 * head's ID number also names the household, by its blind index (ADR 0030).
 */
export const signalSubjectSchema = z
  .object({
    name: z.string().trim().min(1).max(50),
    idNumber: idNumberSchema,
    phone: z
      .string()
      .regex(/^1[3-9]\d{9}$/)
      .optional(),
    address: z.string().trim().max(200).optional(),
    regionCode: regionCodeSchema,
  })
  .strict();
export type SignalSubjectInput = z.infer<typeof signalSubjectSchema>;
