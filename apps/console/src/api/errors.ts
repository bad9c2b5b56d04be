import type { FormInstance } from 'antd';

/** One field problem as the services report it (`error.details[]`). */
export interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

/** A refused or failed request, with a Chinese message for the user. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Chinese text per error code where the console says more than the service's own message, or
 * where no service message exists (network, gateway). Services already answer in Chinese; these
 * keep the wording consistent and tell the user what to do next.
 */
export const errorMessages: Record<string, string> = {
  NETWORK: '无法连接服务器，请检查网络后重试；已填写的内容已保留',
  BACKEND_UNAVAILABLE: '该业务服务暂不可用，请稍后重试；已填写的内容已保留',
  AUTH_REQUIRED: '登录已失效，请重新登录；已填写的内容已保留',
  FORBIDDEN: '您的角色无权进行此操作',
  NOT_FOUND: '未找到该记录，或不在您的管辖范围内',
  INVALID_INPUT: '提交的数据有误，请检查标注的字段',
  INTERNAL: '系统内部错误，请稍后重试；如多次出现请联系运维人员并提供请求编号',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
};

/** The message to show for an error of any kind. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    const base = error.message || errorMessages[error.code] || `请求失败（${error.status}）`;
    return error.requestId && error.status >= 500 ? `${base}（请求编号 ${error.requestId}）` : base;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** `householdMembers.0.idNumber` → ['householdMembers', 0, 'idNumber'] (antd form name path). */
export function namePathOf(path: string): (string | number)[] {
  return path
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Field errors in the shape antd's `form.setFields` takes. */
export function fieldErrorsOf(error: unknown): { name: (string | number)[]; errors: string[] }[] {
  if (!(error instanceof ApiError)) return [];
  const byPath = new Map<string, string[]>();
  for (const d of error.details) {
    byPath.set(d.path, [...(byPath.get(d.path) ?? []), d.message]);
  }
  return [...byPath].map(([path, errors]) => ({ name: namePathOf(path), errors }));
}

/** Puts the server's field errors next to their fields; false when there were none. */
export function showFieldErrors<T>(form: FormInstance<T>, error: unknown): boolean {
  const fields = fieldErrorsOf(error);
  // The service's paths are the form's own names; antd types names per form, the server cannot.
  if (fields.length > 0) form.setFields(fields as Parameters<FormInstance<T>['setFields']>[0]);
  return fields.length > 0;
}
