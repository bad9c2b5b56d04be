// The public APIs through the gateway, as the development users (real Keycloak tokens). A call
// that meets a killed replica or an engine restarting (network error, 502, 503, 504, 500) is sent
// again after a short pause, with the same Idempotency-Key where the route takes one; every
// answer is counted by route and status.
import { DEVELOPMENT_PASSWORD, signIn } from '@jh/platform-testing';
import type { ServiceName } from './plan';

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

export interface CallLog {
  /** `METHOD route status` → count (ids in paths replaced by `:id`). */
  outcomes: Map<string, number>;
  retries: number;
  calls: number;
}

const RETRIED = new Set([500, 502, 503, 504]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** `/parts/abc-123/accept` → `/parts/:id/accept`: the log counts routes, not records. */
const routeOf = (path: string) =>
  path
    .split('?')[0]!
    .split('/')
    .map((seg, i) => (i > 1 && seg.length >= 8 && /\d|%3A/i.test(seg) ? ':id' : seg))
    .join('/');

export class ChaosApi {
  readonly log: CallLog = { outcomes: new Map(), retries: 0, calls: 0 };
  private readonly tokens = new Map<string, { token: string; until: number }>();

  constructor(
    private readonly gateway: string,
    /** Give up retrying after this moment (the run's own deadline). */
    private readonly deadline: number,
    /** Every call's outcome, one at a time (`--calls file.jsonl`). */
    private readonly onCall?: (call: {
      at: string;
      method: string;
      route: string;
      status: number | string;
      attempt: number;
      ms: number;
    }) => void,
  ) {}

  async token(username: string): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached && cached.until > Date.now()) return cached.token;
    for (let attempt = 0; ; attempt++) {
      const token = await signIn(username, DEVELOPMENT_PASSWORD).catch(() => undefined);
      if (token) {
        const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
          exp: number;
        };
        this.tokens.set(username, { token, until: exp * 1000 - 60_000 });
        return token;
      }
      if (attempt >= 5) throw new Error(`user ${username} could not sign in`);
      await sleep(1000 * (attempt + 1));
    }
  }

  private count(method: string, path: string, status: number | string) {
    const key = `${method} ${routeOf(path)} ${status}`;
    this.log.outcomes.set(key, (this.log.outcomes.get(key) ?? 0) + 1);
  }

  async call<T = Record<string, unknown>>(
    username: string,
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
    opts: { idempotencyKey?: string; contentType?: string } = {},
  ): Promise<ApiAnswer<T>> {
    for (let attempt = 0; ; attempt++) {
      this.log.calls += 1;
      const t = Date.now();
      let status: number | string;
      let text = '';
      try {
        const res = await fetch(`${this.gateway}/api/${service}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${await this.token(username)}`,
            'content-type': opts.contentType ?? 'application/json',
            ...(opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {}),
          },
          body:
            body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        });
        status = res.status;
        text = await res.text();
      } catch (e) {
        status = (e as Error).name === 'TimeoutError' ? 'timeout' : 'network';
      }
      this.count(method, path, status);
      this.onCall?.({
        at: new Date(t).toISOString(),
        method,
        route: `/${service}${routeOf(path)}`,
        status,
        attempt,
        ms: Date.now() - t,
      });
      if (typeof status === 'number' && !RETRIED.has(status)) {
        let parsed: unknown = {};
        try {
          parsed = text ? JSON.parse(text) : {};
        } catch {
          parsed = { text };
        }
        return { status, body: parsed as T };
      }
      if (Date.now() > this.deadline) {
        throw new Error(`${method} ${service}${path}: ${status} until the run's deadline`);
      }
      this.log.retries += 1;
      await sleep(Math.min(5000, 250 * 2 ** Math.min(attempt, 5)));
    }
  }

  /** Like `call`; an answer outside 2xx is an error naming the route and the answer. */
  async ok<T = Record<string, unknown>>(
    username: string,
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
    opts: { idempotencyKey?: string; contentType?: string } = {},
  ): Promise<T> {
    const res = await this.call<T>(username, service, method, path, body, opts);
    if (res.status >= 300) {
      throw new Error(`${method} ${service}${path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body;
  }

  summary(): { calls: number; retries: number; outcomes: Record<string, number> } {
    return {
      calls: this.log.calls,
      retries: this.log.retries,
      outcomes: Object.fromEntries([...this.log.outcomes.entries()].sort()),
    };
  }
}
