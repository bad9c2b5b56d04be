import { z } from 'zod';
import { checkIdNumber } from './id-number';

/**
 * Request field for a resident ID number: checked (format, birth date, checksum) with a stable
 * code `ID_NUMBER_<PROBLEM>` and a Chinese reason, then normalised (trimmed, upper-case X).
 */
export const idNumberSchema = z
  .string()
  .superRefine((value, ctx) => {
    const check = checkIdNumber(value);
    if (!check.ok)
      ctx.addIssue({
        code: 'custom',
        message: check.reason,
        params: { code: `ID_NUMBER_${check.problem.toUpperCase()}` },
      });
  })
  .transform((value) => value.trim().toUpperCase());
