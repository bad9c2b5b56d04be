import { b64url, suiteByTag, TamperedError, type CipherSuite } from './suites';

/** Every sealed value starts with this; anything else is a clear value stored before sealing. */
export const SEALED_PREFIX = 'enc:v1:';

export interface SealedParts {
  suite: CipherSuite;
  keyId: string;
  body: Buffer;
}

export const isSealed = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith(SEALED_PREFIX);

/** `enc:v1:<suite tag>:<key id>:<base64url iv|ciphertext|tag>` */
export function formatSealed(suite: CipherSuite, keyId: string, body: Buffer): string {
  return `${SEALED_PREFIX}${suite.tag}:${keyId}:${b64url.encode(body)}`;
}

export function parseSealed(value: string): SealedParts {
  const rest = value.slice(SEALED_PREFIX.length);
  const first = rest.indexOf(':');
  const last = rest.lastIndexOf(':');
  const suite = suiteByTag(rest.slice(0, first));
  if (first < 1 || last <= first || !suite) throw new TamperedError('malformed sealed value');
  return { suite, keyId: rest.slice(first + 1, last), body: b64url.decode(rest.slice(last + 1)) };
}

/** The key id a sealed value names (undefined for clear text). */
export function keyIdOf(value: unknown): string | undefined {
  return isSealed(value) ? parseSealed(value).keyId : undefined;
}
