import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

export type SignatureAlgorithm = 'ed25519' | 'sm2-sm3';

/** Signs and checks checkpoints. A verifier built from a public key only refuses to sign. */
export interface CheckpointSigner {
  readonly keyId: string;
  readonly algorithm: SignatureAlgorithm;
  sign(data: Buffer): Buffer;
  verify(data: Buffer, signature: Buffer): boolean;
}

// OID 1.2.156.10197.1.301 (the SM2 curve) as DER: how an SM2 key is told apart from other EC keys.
const SM2_CURVE_OID = Buffer.from('06082a811ccf5501822d', 'hex');

/** keyId: the first 16 hex digits of SHA-256 over the public key's SPKI DER. */
function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

function algorithmOf(publicKey: KeyObject): SignatureAlgorithm {
  if (publicKey.asymmetricKeyType === 'ed25519') return 'ed25519';
  const der = publicKey.export({ type: 'spki', format: 'der' });
  // OpenSSL 3 decodes an SM2-curve key read from PEM/DER as its own SM2 type (Node reports no
  // type). A key Node generated in memory stays type 'ec', and signing with it yields ECDSA over
  // the SM2 curve, not an SM2 signature; such keys are refused here (see sm2KeyFromPem).
  if (publicKey.asymmetricKeyType === undefined && der.includes(SM2_CURVE_OID)) return 'sm2-sm3';
  throw new Error(
    `审计签名密钥类型不受支持（需 Ed25519 或 SM2）/ unsupported audit key type: ${publicKey.asymmetricKeyType ?? 'unknown'}`,
  );
}

function build(
  algorithm: SignatureAlgorithm,
  publicKey: KeyObject,
  privateKey?: KeyObject,
): CheckpointSigner {
  // Ed25519 takes no digest; SM2 uses SM3 (Z value computed by OpenSSL, see README).
  const digest = algorithm === 'ed25519' ? null : 'sm3';
  return {
    keyId: keyIdOf(publicKey),
    algorithm,
    sign(data) {
      if (!privateKey)
        throw new Error('仅有公钥，不能签名 / verifier only: no private key to sign with');
      return sign(digest, data, privateKey);
    },
    verify(data, signature) {
      try {
        return verify(digest, data, publicKey, signature);
      } catch {
        return false;
      }
    },
  };
}

/** A signer from a PKCS#8 private key PEM (Ed25519 or SM2). */
export function signerFromPem(privatePem: string): CheckpointSigner {
  const privateKey = createPrivateKey(privatePem);
  const publicKey = createPublicKey(privateKey);
  const signer = build(algorithmOf(publicKey), publicKey, privateKey);
  // Fail at start-up, not at the first checkpoint, if OpenSSL cannot use the key.
  const probe = Buffer.from('jh-audit-probe');
  if (!signer.verify(probe, signer.sign(probe))) {
    throw new Error('审计签名密钥自检失败 / audit signing key failed its self-check');
  }
  return signer;
}

/** A verifier from a public key PEM (SPKI) or a private key PEM (its public half is used). */
export function verifierFromPem(pem: string): CheckpointSigner {
  const publicKey = pem.includes('PRIVATE KEY')
    ? createPublicKey(createPrivateKey(pem))
    : createPublicKey(pem);
  return build(algorithmOf(publicKey), publicKey);
}

/** The signature algorithm that goes with a hash suite: AES suite → Ed25519, national → SM2. */
export const signatureAlgorithmFor = (hash: 'sha256' | 'sm3'): SignatureAlgorithm =>
  hash === 'sm3' ? 'sm2-sm3' : 'ed25519';

/**
 * A new key pair as PEM strings, for development or for an operator to install. SM2 keys are
 * exported and used through PEM only: that is the form OpenSSL treats as SM2 (see algorithmOf).
 */
export function generateSigningKeyPair(algorithm: SignatureAlgorithm): {
  privatePem: string;
  publicPem: string;
} {
  const pair =
    algorithm === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: 'SM2' });
  return {
    privatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
