import type { z } from 'zod';
import { AppError, invalidInput, type FieldError } from '@jh/platform-errors';
import { inspectJson } from './json-shape';

/** Finds keys that look like MongoDB operators or dotted paths anywhere in a JSON body. */
export function findOperatorKeys(value: unknown): string[] {
  return inspectJson(value).operatorPaths;
}

/**
 * Stands in for a request body that was sent but not as JSON. It is left unread, so a route that
 * streams another type (a text/csv import) reads it itself; `parseBody` answers it with 415.
 */
export class NotJsonBody {
  constructor(readonly contentType: string) {}
}

/** 415: the request's Content-Type is not application/json where a JSON body is expected. */
export const unsupportedMediaType = () =>
  new AppError(
    'invalid_input',
    'UNSUPPORTED_MEDIA_TYPE',
    '请求内容类型必须为 application/json（Content-Type: application/json）',
    [
      {
        path: '(content-type)',
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: '仅接受 JSON 格式的请求内容',
      },
    ],
  );

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
  if (body instanceof NotJsonBody) throw unsupportedMediaType();
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
