import { z } from 'zod';

/** 市民卡 numbers are 8–19 digits (the card platform's account number format). */
const CARD_NO = /^\d{8,19}$/;

export const CITIZEN_CARD_REASON = '市民卡号应为8至19位数字';

/** True when the value can name where money goes (R-PAY-1): the one payee check every service uses. */
export function isValidCitizenCardNo(value: string | undefined | null): value is string {
  return typeof value === 'string' && CARD_NO.test(value);
}

/** Request field for a citizen card number, trimmed, refused with code `CITIZEN_CARD_FORMAT`. */
export const citizenCardNoSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    if (!isValidCitizenCardNo(value))
      ctx.addIssue({
        code: 'custom',
        message: CITIZEN_CARD_REASON,
        params: { code: 'CITIZEN_CARD_FORMAT' },
      });
  });
