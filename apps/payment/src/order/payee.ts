import { isValidCitizenCardNo } from '@jh/domain-application';

/** Shown on orders created without a payee (ADR 0010). */
export const missingPayeeText = '收款人信息不全或市民卡号无效，待补收款信息后支付';

/** A recipient money can be pushed to (R-PAY-1): named, with a valid citizen card number. */
export const hasPayee = (r: { name?: string; citizenCardNo?: string } | undefined): boolean =>
  !!r?.name?.trim() && isValidCitizenCardNo(r.citizenCardNo);
