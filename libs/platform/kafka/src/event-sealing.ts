import { keyMaterialFrom, TransitCipher, type SuiteName } from '@jh/platform-crypto';

let configured: TransitCipher | undefined;

/**
 * The cipher every event built or decoded in this process uses for its personal fields
 * (`SENSITIVE_EVENT_FIELDS`): set by the service at start-up from its validated config. Without
 * one, development keys are used outside production and production refuses to build events.
 */
export function useEventCipher(cipher: TransitCipher): void {
  configured = cipher;
}

export function eventCipher(): TransitCipher {
  if (!configured) {
    const suite = (process.env['DATA_CIPHER_SUITE'] as SuiteName | undefined) ?? 'aes-256-gcm';
    const keys = keyMaterialFrom({ NODE_ENV: process.env['NODE_ENV'], DATA_CIPHER_SUITE: suite });
    configured = new TransitCipher(keys.master, suite);
  }
  return configured;
}
