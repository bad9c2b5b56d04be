import { z } from '@jh/platform-config';
import { invalidInput } from '@jh/platform-errors';
import { MONTH_PATTERN } from './spot-check.service';
import { userIdSchema } from './relatives.input';

export const drawBody = z
  .object({ checkerIds: z.array(userIdSchema).max(100).default([]) })
  .strict();
export const assignBody = z.object({ checkerId: userIdSchema }).strict();
export const resultBody = z
  .object({
    outcome: z.enum(['conform', 'non_conform']),
    findings: z.string().trim().max(2000).default(''),
    correctiveAction: z.string().trim().max(2000).default(''),
  })
  .strict();
export const figuresQuery = z.object({ format: z.enum(['json', 'csv']).default('json') }).strict();

export function monthOf(raw: unknown): string {
  const month = String(raw);
  if (!MONTH_PATTERN.test(month)) {
    throw invalidInput([{ path: 'month', code: 'INVALID_MONTH', message: '月份格式应为 YYYY-MM' }]);
  }
  return month;
}

export function taskNoOf(raw: unknown): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw invalidInput([
      { path: 'taskNo', code: 'INVALID_TASK_NO', message: '任务编号应为正整数' },
    ]);
  }
  return n;
}
