import type { PlatformStatus } from '../card-platform/adapter';

/** Header of the platform's daily statement (docs/payment-statement.md). */
export const statementHeader = '幂等键,平台流水号,市民卡号,金额(分),状态,入账时间';

export interface StatementLine {
  line: number;
  idempotencyKey: string;
  platformRef: string;
  cardNo: string;
  amountFen: number;
  status: Extract<PlatformStatus, 'paid' | 'pending' | 'returned'>;
  bookedAt: string;
}

export class StatementFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const statusOf: Record<string, StatementLine['status']> = {
  PAID: 'paid',
  PENDING: 'pending',
  RETURNED: 'returned',
};

export function parseStatementCsv(text: string): StatementLine[] {
  const lines = text.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
  if (lines[0]?.trim() !== statementHeader) throw new StatementFormatError(1, '对账单表头不符');
  return lines.slice(1).map((raw, i) => {
    const line = i + 2;
    const cells = raw.trim().split(',');
    if (cells.length !== 6) throw new StatementFormatError(line, `第 ${line} 行应有 6 列`);
    const [idempotencyKey, platformRef, cardNo, amount, status, bookedAt] = cells as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const amountFen = Number(amount);
    if (!/^\d+$/.test(amount) || !Number.isSafeInteger(amountFen) || amountFen <= 0) {
      throw new StatementFormatError(line, `第 ${line} 行金额应为正整数（分）`);
    }
    const s = statusOf[status];
    if (!s) throw new StatementFormatError(line, `第 ${line} 行状态无法识别：${status}`);
    return { line, idempotencyKey, platformRef, cardNo, amountFen, status: s, bookedAt };
  });
}
