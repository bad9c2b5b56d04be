import { unavailable } from '@jh/platform-errors';

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/** A service's own access token (OAuth2 client credentials), fetched once and reused until near expiry. */
export class ServiceTokenSource {
  private cached: { value: string; refreshAt: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(
    private readonly credentials: ClientCredentials,
    private readonly clock: { now(): number } = Date,
    private readonly timeoutMs = 5000,
  ) {}

  async token(): Promise<string> {
    if (this.cached && this.clock.now() < this.cached.refreshAt) return this.cached.value;
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchToken(): Promise<string> {
    const { tokenUrl, clientId, clientSecret } = this.credentials;
    let res: Response;
    try {
      res = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw unavailable('IDENTITY_PROVIDER_UNAVAILABLE', '身份认证服务暂时无法访问，请稍后再试');
    }
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
    };
    if (!res.ok || typeof body.access_token !== 'string')
      throw unavailable(
        'SERVICE_TOKEN_REFUSED',
        `服务账号 ${clientId} 未能取得令牌（${res.status}）`,
      );
    const lifetimeMs = (body.expires_in ?? 60) * 1000;
    // Renew once most of the lifetime has passed, so a call never carries a token about to expire.
    this.cached = { value: body.access_token, refreshAt: this.clock.now() + lifetimeMs * 0.7 };
    return body.access_token;
  }
}
