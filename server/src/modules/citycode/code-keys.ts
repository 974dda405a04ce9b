import crypto from 'node:crypto';
import type { Database } from '../../platform/db/database.ts';
import type { CitycodeKeysRepository } from './citycode-keys.repository.ts';
import { deriveKeys, type CodeKeys } from './code-format.ts';

export interface PublicKeySet {
  keys: Array<{ kty: string; crv: string; x: string; kid: string; alg: 'EdDSA'; use: 'sig' }>;
}

/**
 * Loads the city code's keys. The master secret comes from ONECITY_CITYCODE_KEY when set, or
 * else from the database, where the first node to start stores a random one; either way every
 * API node derives the same HMAC and reference keys. The Ed25519 keys of offline codes live
 * in the database too; their public halves are published for offline scanners.
 */
export async function loadCodeKeys(
  db: Database,
  repository: CitycodeKeysRepository,
  configuredSecret: string | null,
): Promise<{ keys: CodeKeys; jwks: PublicKeySet }> {
  const master =
    configuredSecret ??
    (await repository.ensureSecret(db.orm, 'master', crypto.randomBytes(32).toString('base64url')));
  let active = await repository.listActive(db.orm);
  if (active.length === 0) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    await repository.insertKey(db.orm, {
      kid: crypto.randomBytes(6).toString('base64url'),
      privateJwk: privateKey.export({ format: 'jwk' }),
      publicJwk: publicKey.export({ format: 'jwk' }),
    });
    active = await repository.listActive(db.orm);
  }
  const newest = active[0]!;
  const verifying = new Map(
    active.map((k) => [k.kid, crypto.createPublicKey({ key: k.publicJwk, format: 'jwk' })]),
  );
  const keys: CodeKeys = {
    ...deriveKeys(Buffer.from(master, 'utf8')),
    signing: {
      kid: newest.kid,
      privateKey: crypto.createPrivateKey({ key: newest.privateJwk, format: 'jwk' }),
    },
    verifying,
  };
  const jwks: PublicKeySet = {
    keys: active.map((k) => ({
      kty: String(k.publicJwk.kty),
      crv: String(k.publicJwk.crv),
      x: String(k.publicJwk.x),
      kid: k.kid,
      alg: 'EdDSA' as const,
      use: 'sig' as const,
    })),
  };
  return { keys, jwks };
}
