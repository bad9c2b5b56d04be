import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SUITE_NAMES, type SuiteName } from './suites';

/** Settings of field encryption; services spread this shape into their config schema. */
export const cryptoEnv = {
  /** `aes-256-gcm`, or the national suite `sm4-ctr-hmac-sm3` (SM4-CTR + HMAC-SM3, SM3 indexes). */
  DATA_CIPHER_SUITE: z.enum(SUITE_NAMES as [SuiteName, ...SuiteName[]]).default('aes-256-gcm'),
  /** `id:base64(32 bytes)[,id:base64…]`, current first; required in production. */
  DATA_MASTER_KEYS: z.string().min(1).optional(),
  /** base64 of at least 32 bytes; its own key, never a master key; required in production. */
  DATA_BLIND_INDEX_KEY: z.string().min(1).optional(),
  /** How often a service re-reads which data key is current (a rotation done elsewhere). */
  DATA_KEY_REFRESH_MS: z.coerce.number().int().min(1000).default(60_000),
};

const devKey = (label: string) => createHash('sha256').update(`jh-platform/dev/${label}`).digest();

/**
 * Fixed keys for development and tests only (every local process must share them so events sealed
 * by one service open in another). Refused when NODE_ENV=production.
 */
export const DEVELOPMENT_KEYS = {
  masterKeys: `dev1:${devKey('master-1').toString('base64')}`,
  blindIndexKey: devKey('blind-index').toString('base64'),
};
