import { AppError } from '@jh/platform-errors';

/** What express, body-parser and the router put on the errors they raise for a bad request. */
interface FrameworkError extends Error {
  type?: string;
  status?: number;
  statusCode?: number;
}

const malformedPath = () =>
  new AppError('invalid_input', 'MALFORMED_PATH', '请求地址中含有无法解码的字符', [
    { path: '(path)', code: 'MALFORMED_PATH', message: '地址参数不是有效的 UTF-8 百分号编码' },
  ]);

/**
 * The platform's error for a request the framework refused before any handler ran: a body too
 * large, not JSON, in an unsupported charset, or a path parameter the router cannot decode
 * (`/parts/%FF%FE`: a URIError marked 400). Undefined for anything else, which is a bug of ours
 * (the mapper logs it and answers 500).
 */
export function requestErrorOf(err: unknown): AppError | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as FrameworkError;
  switch (e.type) {
    case 'entity.too.large':
      return new AppError('invalid_input', 'BODY_TOO_LARGE', '请求内容过大');
    case 'entity.parse.failed':
      return new AppError('invalid_input', 'MALFORMED_JSON', '请求内容不是有效的 JSON');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError('invalid_input', 'UNSUPPORTED_ENCODING', '不支持的请求编码');
  }
  if (err instanceof URIError && (e.status === 400 || e.statusCode === 400)) return malformedPath();
  return undefined;
}
