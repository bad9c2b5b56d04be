import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

export interface JwksSource {
  /** Fetches the current key set (network in production, a fixture in unit tests). */
  fetch(): Promise<JSONWebKeySet>;
}

export interface JwksCacheOptions {
  now: () => number;
  /** Keys are re-read at most this often when a token names an unknown `kid`. */
  cooldownMs: number;
  /** Keys are re-read in the background after this age even when every `kid` is known. */
  maxAgeMs: number;
}

/**
 * The identity provider's signing keys, cached; an unknown `kid` (a rotated key) triggers one
 * re-read, rate-limited so forged `kid`s cannot make us hammer the provider.
 */
export class JwksCache {
  private keys: JWTVerifyGetKey | undefined;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly source: JwksSource,
    private readonly options: JwksCacheOptions,
  ) {}

  /** A jose key resolver over the cached set. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const age = this.options.now() - this.fetchedAt;
    if (!this.keys || age > this.options.maxAgeMs) await this.refresh();
    try {
      return await this.keys!(header, token);
    } catch (e) {
      if (!isNoMatchingKey(e) || this.options.now() - this.fetchedAt < this.options.cooldownMs)
        throw e;
      await this.refresh();
      return this.keys!(header, token);
    }
  };

  private refresh(): Promise<void> {
    this.inFlight ??= this.source
      .fetch()
      .then((set) => {
        this.keys = createLocalJWKSet(set);
        this.fetchedAt = this.options.now();
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}

const isNoMatchingKey = (e: unknown) =>
  e instanceof Error && (e as { code?: string }).code === 'ERR_JWKS_NO_MATCHING_KEY';

/** JWKS over HTTP: the URL given, or `jwks_uri` from the issuer's OIDC discovery document. */
export function httpJwksSource(issuer: string, jwksUrl?: string, timeoutMs = 5000): JwksSource {
  let uri = jwksUrl;
  const getJson = async (url: string) => {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  };
  return {
    async fetch() {
      if (!uri) {
        const discovery = await getJson(
          `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
        );
        if (typeof discovery['jwks_uri'] !== 'string') throw new Error('discovery has no jwks_uri');
        uri = discovery['jwks_uri'];
      }
      return (await getJson(uri)) as unknown as JSONWebKeySet;
    },
  };
}
