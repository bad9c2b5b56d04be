import { isValidCitizenCardNo } from '@jh/domain-application';
import { AppError } from '@jh/platform-errors';

/**
 * ADR 0010 point 1 (R-PAY-1, R-PAY-5): money is approved only with somewhere to pay it. Every
 * money-approving path calls this before it writes anything, so a refusal leaves no trace.
 */
export function requirePayee(cardNo: string | null | undefined, field: string): void {
  if (isValidCitizenCardNo(cardNo)) return;
  const message = '缺少有效的市民卡号，无法发放救助资金；请先登记收款人市民卡号再审批（R-PAY-1）';
  throw new AppError('conflict', 'PAYEE_REQUIRED', message, [
    { path: field, code: 'PAYEE_REQUIRED', message: '请登记有效的市民卡号（8至19位数字）' },
  ]);
}
