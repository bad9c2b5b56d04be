import { auditEnvShape, ConfigError, RETENTION_FLOOR_DAYS } from '@jh/platform-config';
import type { AuditHash } from './canonical';
import { signatureAlgorithmFor, signerFromPem, type CheckpointSigner } from './signers';

/** Audit settings, spread into a service's env schema (part of `serviceEnvSchema`). */
export const auditEnv = auditEnvShape;
export { RETENTION_FLOOR_DAYS };

// Published on purpose: anyone can sign with these, so they prove nothing outside development.
const DEV_KEYS: Record<AuditHash, string> = {
  sha256: `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIIL9ly1vyGsr53Osl7qlQZKWziQqfeSYycZ9VLWt0kSB
-----END PRIVATE KEY-----
`,
  sm3: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQgcKjRi6yY4llye15v
dn7K7E3yLGJ8TgoPVQynV63thZKhRANCAAQiU+fzAJjbZn1WPqwmHaeHyAQMtwEf
nbTdEB10s0MWIzXrdFkOmYwFdNSmKVnRMxDxDycUspWedws92xaybLV4
-----END PRIVATE KEY-----
`,
};

/** The fixed development key of a suite (also what `audit:verify` uses when given no key). */
export const devSigningKeyPem = (hash: AuditHash): string => DEV_KEYS[hash];

/**
 * The checkpoint signer from configuration: the configured key, else the dev key in development
 * and test; any other NODE_ENV without a key is a configuration error (fail fast at start-up).
 */
export function auditSignerFromEnv(env: {
  NODE_ENV?: string;
  AUDIT_HASH: AuditHash;
  AUDIT_SIGNING_KEY?: string | undefined;
}): CheckpointSigner {
  const pem = env.AUDIT_SIGNING_KEY;
  if (!pem) {
    if (env.NODE_ENV === 'development' || env.NODE_ENV === 'test') {
      return signerFromPem(DEV_KEYS[env.AUDIT_HASH]);
    }
    throw new ConfigError([
      { variable: 'AUDIT_SIGNING_KEY', message: '生产环境必须配置审计签名私钥（PEM）' },
    ]);
  }
  let signer: CheckpointSigner;
  try {
    signer = signerFromPem(pem.replace(/\\n/g, '\n'));
  } catch (e) {
    throw new ConfigError([
      { variable: 'AUDIT_SIGNING_KEY', message: `无法读取审计签名私钥：${(e as Error).message}` },
    ]);
  }
  const wanted = signatureAlgorithmFor(env.AUDIT_HASH);
  if (signer.algorithm !== wanted) {
    throw new ConfigError([
      {
        variable: 'AUDIT_SIGNING_KEY',
        message: `AUDIT_HASH=${env.AUDIT_HASH} 需要 ${wanted} 密钥，实际为 ${signer.algorithm}`,
      },
    ]);
  }
  return signer;
}
