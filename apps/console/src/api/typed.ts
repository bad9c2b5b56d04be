import { api, type QueryValue, type RequestOptions, type ServiceName } from './client';
import type { paths as civilAffairs } from './generated/civil-affairs';
import type { paths as education } from './generated/education';
import type { paths as employment } from './generated/employment';
import type { paths as housing } from './generated/housing';
import type { paths as intake } from './generated/intake';
import type { paths as medical } from './generated/medical';
import type { paths as payment } from './generated/payment';

/** Each service's routes as its OpenAPI document states them (generated; ADR 0020). */
interface Services {
  intake: intake;
  'civil-affairs': civilAffairs;
  education: education;
  housing: housing;
  medical: medical;
  employment: employment;
  payment: payment;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<S extends ServiceName, P extends keyof Services[S], M extends Method> =
  Services[S][P] extends Record<M, infer O> ? O : never;

/** The JSON body the service's zod schema accepts (undefined when the route takes none). */
export type BodyOf<O> = O extends { requestBody?: { content: { 'application/json': infer B } } }
  ? B
  : undefined;
/** The query parameters the service's zod schema accepts. */
export type QueryOf<O> = O extends { parameters: { query?: infer Q } }
  ? [Q] extends [never]
    ? undefined
    : Q
  : undefined;

/** Routes of a service that have `method`. */
export type PathsWith<S extends ServiceName, M extends Method> = {
  [P in keyof Services[S]]: Services[S][P] extends Record<M, object> ? P : never;
}[keyof Services[S]] &
  string;

type PathParams<P extends string> = P extends `${string}{${infer K}}${infer Rest}`
  ? { [key in K]: string } & PathParams<Rest>
  : unknown;

export interface CallOptions<O, P extends string> {
  params?: PathParams<P>;
  body?: BodyOf<O>;
  query?: QueryOf<O>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * A request whose path, body and query are checked against the generated OpenAPI types: when a
 * service changes its schema, `npm run openapi:gen` regenerates them and the console stops
 * type-checking where it no longer fits. The answer's type is the caller's (views are described
 * in words, not schemas).
 */
export function call<T, S extends ServiceName, M extends Method, P extends PathsWith<S, M>>(
  service: S,
  method: M,
  path: P,
  options: CallOptions<Operation<S, P, M>, P> = {},
): Promise<T> {
  const params = (options.params ?? {}) as Record<string, string>;
  const url = path.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`缺少路径参数 ${key}`);
    return encodeURIComponent(value);
  });
  const request: RequestOptions = {
    method: method.toUpperCase() as RequestOptions['method'],
    query: options.query as Record<string, QueryValue> | undefined,
    body: options.body,
    headers: options.headers,
    signal: options.signal,
  };
  return api<T>(service, url, request);
}
