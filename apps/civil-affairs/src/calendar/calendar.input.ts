import { calendarDataSchema, type CalendarYear } from '@jh/domain-calendar';
import { z } from '@jh/platform-config';
import { invalidInput, type FieldError } from '@jh/platform-errors';

export const explainQuery = z
  .object({
    /** The start: a date `YYYY-MM-DD` or an instant (its Shanghai date counts). */
    from: z.string().min(1),
    workingDays: z.coerce.number().int().min(0).max(366),
  })
  .strict();

export const yearParam = z.coerce.number().int().min(1991).max(9999);

const generic: Record<string, { code: string; message: string }> = {
  invalid_type: { code: 'INVALID_TYPE', message: '类型不正确或缺少必填项' },
  too_small: { code: 'TOO_SMALL', message: '不能为空' },
  too_big: { code: 'TOO_BIG', message: '超出允许范围' },
  invalid_format: { code: 'INVALID_FORMAT', message: '格式不正确' },
  invalid_value: { code: 'INVALID_VALUE', message: '取值不在允许范围内' },
};

type Issue = z.core.$ZodIssue;

/** The schema's own (English) rule messages, as Chinese field errors. */
function customError(issue: Issue, year: unknown): { code: string; message: string } {
  const m = issue.message;
  if (m.startsWith('expected a real date'))
    return { code: 'INVALID_DATE', message: '日期应为真实存在的日期，格式 YYYY-MM-DD' };
  if (m.startsWith('holiday period ends'))
    return { code: 'RANGE_REVERSED', message: '放假结束日期早于开始日期' };
  if (m.includes('is not in year'))
    return { code: 'DATE_OUTSIDE_YEAR', message: `日期不在 ${String(year)} 年内` };
  if (m.includes('both a holiday and a make-up'))
    return { code: 'HOLIDAY_AND_WORKING_DAY', message: '同一天不能既放假又调休上班' };
  return { code: 'INVALID_VALUE', message: '内容不正确' };
}

/** The field a cross-field rule concerns: the first date equal to the one its message names. */
function locate(input: Record<string, unknown>, issue: Issue): string {
  const date = /^(\d{4}-\d{2}-\d{2}) /.exec(issue.message)?.[1];
  if (!date) return '(body)';
  const lists: [string, string[]][] = [
    ['makeUpWorkingDays', ['date']],
    ['holidays', ['from', 'to']],
  ];
  for (const [list, keys] of lists) {
    const rows = Array.isArray(input[list]) ? (input[list] as Record<string, unknown>[]) : [];
    for (const [i, row] of rows.entries())
      for (const key of keys) if (row?.[key] === date) return `${list}.${i}.${key}`;
  }
  return '(body)';
}

/**
 * One year's official notice (the CalendarYear of @jh/domain-calendar), checked by the domain's
 * own schema; every problem is a Chinese field error with its path (e.g. `holidays.0.to`).
 */
export function parseCalendarYear(input: unknown): CalendarYear {
  const parsed = calendarDataSchema.safeParse({ years: [input] });
  if (parsed.success) {
    const [year] = parsed.data.years;
    if (year) return year;
  }
  const body = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const errors: FieldError[] = (parsed.error?.issues ?? []).flatMap((issue): FieldError[] => {
    // Paths start with `years.0`: the year sent is that element.
    const rest = issue.path.slice(2).map(String);
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((k) => ({
        path: [...rest, k].join('.'),
        code: 'UNKNOWN_FIELD',
        message: '不允许的字段',
      }));
    const known = issue.code === 'custom' ? customError(issue, body['year']) : generic[issue.code];
    const path = rest.length > 0 ? rest.join('.') : locate(body, issue);
    return [{ path, ...(known ?? { code: 'INVALID_VALUE', message: '内容不正确' }) }];
  });
  throw invalidInput(
    errors.length > 0
      ? errors
      : [{ path: '(body)', code: 'INVALID_VALUE', message: '节假日数据不正确' }],
  );
}
