import { accessToken, notifySessionExpired } from '../auth/session';
import { ApiError, errorMessages } from './errors';

/** The services behind the gateway: `/api/<service>/…` on the console's own origin. */
export type ServiceName =
  'intake' | 'civil-affairs' | 'education' | 'housing' | 'medical' | 'employment' | 'payment';

export type QueryValue = string | number | boolean | undefined | null | readonly string[];

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function urlOf(service: ServiceName, path: string, query?: Record<string, QueryValue>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
    else params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api/${service}${path}${qs ? `?${qs}` : ''}`;
}

async function send(service: ServiceName, path: string, options: RequestOptions) {
  const token = await accessToken();
  if (!token) {
    notifySessionExpired();
    throw new ApiError(401, 'AUTH_REQUIRED', errorMessages['AUTH_REQUIRED']!);
  }
  let res: Response;
  try {
    res = await fetch(urlOf(service, path, options.query), {
      method: options.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', errorMessages['NETWORK']!);
  }
  if (res.ok) return res;
  const body = (await res.json().catch(() => undefined)) as
    | {
        error?: {
          code?: string;
          message?: string;
          details?: ApiError['details'];
          requestId?: string;
        };
      }
    | undefined;
  const error = body?.error;
  const code =
    error?.code ??
    (res.status === 502 || res.status === 503 ? 'BACKEND_UNAVAILABLE' : `HTTP_${res.status}`);
  if (res.status === 401) notifySessionExpired();
  throw new ApiError(
    res.status,
    code,
    error?.message ?? errorMessages[code] ?? `请求失败（${res.status}）`,
    error?.details ?? [],
    error?.requestId,
  );
}

/** JSON request to a service through the gateway; throws ApiError with a Chinese message. */
export async function api<T>(service: ServiceName, path: string, options: RequestOptions = {}) {
  const res = await send(service, path, options);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** A file answer (CSV exports): the body and the server's file name. */
export async function apiFile(service: ServiceName, path: string, options: RequestOptions = {}) {
  const res = await send(service, path, options);
  const disposition = res.headers.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return { blob: await res.blob(), fileName: match ? decodeURIComponent(match[1]!) : undefined };
}

/** A fresh key per user action, so a retried submit is not registered twice. */
export const newIdempotencyKey = () => `console-${crypto.randomUUID()}`;

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
