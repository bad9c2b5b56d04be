import type { z } from 'zod';
import { invalidInput, type FieldError } from '@jh/platform-errors';

const operatorKey = /^\$|\./;

/** Finds keys that look like MongoDB operators or dotted paths anywhere in a JSON body. */
export function findOperatorKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => findOperatorKeys(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const here = path ? `${path}.${k}` : k;
      return operatorKey.test(k) ? [here] : findOperatorKeys(v, here);
    });
  }
  return [];
}

const zodMessages: Record<string, string> = {
  invalid_type: '类型不正确或缺少必填项',
  too_small: '内容过短或数量不足',
  too_big: '内容过长或数量过多',
  invalid_format: '格式不正确',
  invalid_value: '取值不在允许范围内',
  unrecognized_keys: '包含不允许的字段',
  custom: '内容不正确',
};

export function zodIssuesToFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({
        path: base ? `${base}.${k}` : k,
        code: 'UNKNOWN_FIELD',
        message: '不允许的字段',
      }));
    }
    const custom = (issue as { params?: { code?: string } }).params?.code;
    return [
      {
        path: base || '(body)',
        code: custom ?? issue.code.toUpperCase(),
        message: custom ? issue.message : (zodMessages[issue.code] ?? issue.message),
      },
    ];
  });
}

/** Parses a request body with a strict zod schema; throws InvalidInput listing every field error. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const operators = findOperatorKeys(body);
  if (operators.length > 0) {
    throw invalidInput(
      operators.map((path) => ({
        path,
        code: 'FORBIDDEN_KEY',
        message: '字段名不能以 $ 开头或包含点号',
      })),
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalidInput(zodIssuesToFieldErrors(parsed.error));
  return parsed.data;
}
