/** A field-level validation problem the UI can show next to the input. */
export interface FieldError {
  /** Dotted path into the request body, e.g. `applicant.idNumber`. */
  path: string;
  /** Stable machine code, e.g. `ID_NUMBER_CHECKSUM`. */
  code: string;
  /** Chinese message for the user. */
  message: string;
}

export type ErrorKind =
  | 'invalid_input'
  | 'unauthenticated'
  | 'not_allowed'
  | 'not_found'
  | 'conflict'
  | 'unavailable'
  | 'internal';

/**
 * Typed application error. HTTP and gRPC adapters map `kind` to a status in one place,
 * so use cases never think in status codes.
 */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: FieldError[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }

  /**
   * Set when the answer hides a refusal (a record outside the caller's scope answers the 404 of
   * a missing one): the HTTP layer still records the attempt as denied.
   */
  deniedReason?: string;
}

export const invalidInput = (details: FieldError[], message = '提交的数据有误，请检查标注的字段') =>
  new AppError('invalid_input', 'INVALID_INPUT', message, details);
export const unauthenticated = (message = '未登录或登录已失效') =>
  new AppError('unauthenticated', 'AUTH_REQUIRED', message);
export const notAllowed = (code: string, message: string) =>
  new AppError('not_allowed', code, message);
export const notFound = (code: string, message: string) => new AppError('not_found', code, message);
export const conflict = (code: string, message: string) => new AppError('conflict', code, message);
export const unavailable = (code: string, message: string) =>
  new AppError('unavailable', code, message);

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

const httpStatusByKind: Record<ErrorKind, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  not_allowed: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

export function httpStatusOf(kind: ErrorKind): number {
  return httpStatusByKind[kind];
}

/** gRPC status codes (numbers from the gRPC spec) per error kind. */
const grpcCodeByKind: Record<ErrorKind, number> = {
  invalid_input: 3, // INVALID_ARGUMENT
  unauthenticated: 16, // UNAUTHENTICATED
  not_allowed: 7, // PERMISSION_DENIED
  not_found: 5, // NOT_FOUND
  conflict: 6, // ALREADY_EXISTS
  unavailable: 14, // UNAVAILABLE
  internal: 13, // INTERNAL
};

export function grpcCodeOf(kind: ErrorKind): number {
  return grpcCodeByKind[kind];
}

export function kindOfGrpcCode(code: number): ErrorKind {
  const found = (Object.entries(grpcCodeByKind) as [ErrorKind, number][]).find(
    ([, c]) => c === code,
  );
  return found ? found[0] : 'internal';
}
