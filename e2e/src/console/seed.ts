import { randomUUID } from 'node:crypto';
import { DEVELOPMENT_PASSWORD, signIn, TEST_PASSWORD, waitFor } from '@jh/platform-testing';
import type { ServiceName, System } from '../system';

/**
 * Seeding for the browser journeys through the services' public APIs, as the development users
 * (real Keycloak tokens, password grant): what a journey needs before its screens are opened.
 */
export interface ApiResult<T> {
  status: number;
  body: T;
}

export class SeedApi {
  private readonly tokens = new Map<string, { token: string; until: number }>();

  constructor(private readonly system: System) {}

  /** A user's access token (cached until a minute before it ends). */
  async token(username: string): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached && cached.until > Date.now()) return cached.token;
    // A development user of the realm file, or a user a test created (keycloakToken).
    const token =
      (await signIn(username, DEVELOPMENT_PASSWORD)) ?? (await signIn(username, TEST_PASSWORD));
    if (!token) throw new Error(`user ${username} could not sign in`);
    const exp = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      exp: number;
    };
    this.tokens.set(username, { token, until: exp.exp * 1000 - 60_000 });
    return token;
  }

  async call<T = Record<string, unknown>>(
    username: string,
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiResult<T>> {
    const res = await fetch(`${this.system.serviceUrl(service)}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.token(username)}`,
        'content-type': 'application/json',
        ...(method === 'GET' ? {} : { 'idempotency-key': randomUUID() }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  /** Like `call`, but a status outside 2xx is an error naming the route and the answer. */
  async ok<T = Record<string, unknown>>(
    username: string,
    service: ServiceName,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const res = await this.call<T>(username, service, method, path, body);
    if (res.status >= 300) {
      throw new Error(`${method} ${service}${path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body;
  }
}

export interface Applicant {
  name: string;
  idNumber: string;
  citizenCardNo: string;
  /** The street (9-digit code) the household lives in. */
  regionCode: string;
}

/**
 * 受理 at the window through intake's API (the clerk's screen is issue 15's journey); resolves
 * with the application's id and number once civil affairs has opened its case.
 */
export async function submitByApi(
  api: SeedApi,
  clerk: string,
  applicant: Applicant,
  items: string[],
): Promise<{ applicationId: string; applicationNumber: string }> {
  const submitted = await api.ok<{ id: string; applicationNo: string }>(
    clerk,
    'intake',
    'POST',
    '/applications',
    {
      applicant: { ...applicant, phone: '13800138000' },
      items,
      channel: 'window',
      hardshipDescription: '家庭遭遇变故，生活陷入困境',
      declarationSigned: true,
    },
  );
  await waitFor(
    async () =>
      (await api.call('coord.330106', 'civil-affairs', 'GET', `/cases/${submitted.id}`)).status ===
      200,
    { what: `case ${submitted.id} in civil affairs`, timeoutMs: 60_000 },
  );
  return { applicationId: submitted.id, applicationNumber: submitted.applicationNo };
}
