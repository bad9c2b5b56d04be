import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { cardStatementHeader } from '@jh/contracts';
import type { PlatformStatus } from '../card-platform/adapter';

/** Header of the platform's daily statement (docs/payment-statement.md). */
export const statementHeader = cardStatementHeader;
const headerCells = statementHeader.split(',');
/** Optional seventh column: the account holder's name, where the platform's export has it. */
const accountNameHeader = '户名';

export interface StatementLine {
  line: number;
  idempotencyKey: string;
  platformRef: string;
  cardNo: string;
  amountFen: number;
  status: Extract<PlatformStatus, 'paid' | 'pending' | 'returned'>;
  bookedAt: string;
  /** Present only when the statement has the 户名 column. */
  accountName?: string;
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

type Source = string | Buffer | Readable;
type Parsed = { record: string[]; info: { lines: number } };

const parserOptions = {
  bom: true,
  trim: true,
  skip_empty_lines: true,
  relax_column_count: true,
  info: true,
} as const;

/** Validates records in order: the header first, then each line against its column count. */
class StatementReader {
  private columns = 0;

  /** The line, or undefined for the header. */
  read({ record, info }: Parsed): StatementLine | undefined {
    if (this.columns === 0) {
      const named = record.length === 7 && record[6] === accountNameHeader;
      const headerOk =
        info.lines === 1 &&
        headerCells.every((c, i) => record[i] === c) &&
        (record.length === 6 || named);
      if (!headerOk) throw new StatementFormatError(1, '对账单表头不符');
      this.columns = record.length;
      return undefined;
    }
    return lineOf(record, info.lines, this.columns);
  }

  end(): void {
    if (this.columns === 0) throw new StatementFormatError(1, '对账单表头不符');
  }
}

const formatError = (e: unknown): unknown => {
  if (!(e instanceof CsvError)) return e;
  const line = Number((e as CsvError & { lines?: number }).lines ?? 0);
  return new StatementFormatError(line, `第 ${line} 行无法解析：${e.message}`);
};

/**
 * Streams a statement through csv-parse, one validated line at a time: nothing but the current
 * record is held, so a file of any size parses in flat memory. Throws StatementFormatError (with
 * the 1-based line number and a Chinese message) on the first bad line.
 */
export async function* statementLines(source: Source): AsyncGenerator<StatementLine> {
  const input =
    typeof source === 'string' || Buffer.isBuffer(source) ? Readable.from([source]) : source;
  const parser = input.pipe(parse(parserOptions));
  const reader = new StatementReader();
  try {
    for await (const parsed of parser as AsyncIterable<Parsed>) {
      const line = reader.read(parsed);
      if (line) yield line;
    }
    reader.end();
  } catch (e) {
    throw formatError(e);
  } finally {
    if (!input.destroyed) input.destroy();
  }
}

/** Whole-statement parse for small inputs (the simulator round trip). */
export function parseStatementCsv(text: string): StatementLine[] {
  const reader = new StatementReader();
  let parsed: Parsed[];
  try {
    parsed = parseSync(text, parserOptions) as unknown as Parsed[];
  } catch (e) {
    throw formatError(e);
  }
  const lines = parsed.map((p) => reader.read(p)).filter((l): l is StatementLine => !!l);
  reader.end();
  return lines;
}

function lineOf(cells: string[], line: number, columns: number): StatementLine {
  if (cells.length !== columns) {
    throw new StatementFormatError(line, `第 ${line} 行应有 ${columns} 列`);
  }
  const [idempotencyKey, platformRef, cardNo, amount, status, bookedAt, accountName] = cells as [
    string,
    string,
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  if (!idempotencyKey) throw new StatementFormatError(line, `第 ${line} 行缺少幂等键`);
  const amountFen = Number(amount);
  if (!/^\d+$/.test(amount) || !Number.isSafeInteger(amountFen) || amountFen <= 0) {
    throw new StatementFormatError(line, `第 ${line} 行金额应为正整数（分）`);
  }
  const s = statusOf[status];
  if (!s) throw new StatementFormatError(line, `第 ${line} 行状态无法识别：${status}`);
  return {
    line,
    idempotencyKey,
    platformRef,
    cardNo,
    amountFen,
    status: s,
    bookedAt,
    ...(accountName !== undefined ? { accountName } : {}),
  };
}
