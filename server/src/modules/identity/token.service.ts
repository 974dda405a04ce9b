import {
  decodeJwt,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JWK,
} from 'jose';
import type { Database } from '../../platform/db/database.ts';
import { unauthorized } from '../../platform/errors/app-error.ts';
import type { SigningKeyRepository } from './signing-key.repository.ts';

type KeyLike = Awaited<ReturnType<typeof importJWK>>;

const ISSUER = 'onecity';
const AUDIENCE = 'onecity-api';

export interface AccessTokenClaims {
  sub: string;
  kind: string;
}

/**
 * Access tokens are EdDSA (Ed25519) JWTs signed with a key kept in the database, so every
 * API node verifies every other node's tokens; the public keys are published as a JWKS.
 */
export class TokenService {
  private signing: { kid: string; key: KeyLike } | null = null;
  private readonly verifying = new Map<string, KeyLike>();
  private publicJwks: JWK[] = [];
  private readonly trusted = new Map<string, (token: string) => Promise<{ sub: string }>>();

  constructor(
    private readonly db: Database,
    private readonly keys: SigningKeyRepository,
    private readonly ttlSeconds: number,
  ) {}

  async init(): Promise<void> {
    let active = await this.keys.listActive(this.db.orm);
    if (active.length === 0) {
      const { privateKey, publicKey } = await generateKeyPair('EdDSA', {
        crv: 'Ed25519',
        extractable: true,
      });
      const kid = crypto.randomUUID();
      await this.keys.insert(this.db.orm, {
        kid,
        privateJwk: await exportJWK(privateKey),
        publicJwk: await exportJWK(publicKey),
      });
      // Another node may have created one at the same moment: read back what is stored.
      active = await this.keys.listActive(this.db.orm);
    }
    for (const key of active) {
      this.verifying.set(key.kid, (await importJWK(key.publicJwk, 'EdDSA')) as KeyLike);
    }
    const newest = active[0];
    if (!newest) throw new Error('no signing key');
    this.signing = {
      kid: newest.kid,
      key: (await importJWK(newest.privateJwk, 'EdDSA')) as KeyLike,
    };
    this.publicJwks = active.map((key) => ({
      ...key.publicJwk,
      kid: key.kid,
      alg: 'EdDSA',
      use: 'sig',
    }));
  }

  get jwks(): { keys: JWK[] } {
    return { keys: this.publicJwks };
  }

  async issue(claims: AccessTokenClaims): Promise<{ token: string; expiresIn: number }> {
    if (!this.signing) throw new Error('TokenService.init() was not called');
    const token = await new SignJWT({ kind: claims.kind })
      .setProtectedHeader({ alg: 'EdDSA', kid: this.signing.kid, typ: 'at+jwt' })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setJti(crypto.randomUUID())
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.signing.key);
    return { token, expiresIn: this.ttlSeconds };
  }

  /**
   * Accepts access tokens of another issuer too (our OpenID provider's, which the web app
   * signs in through); `verify` must check them completely and throw a coded error.
   */
  trustIssuer(issuer: string, verify: (token: string) => Promise<{ sub: string }>): void {
    this.trusted.set(issuer, verify);
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    const external = this.trusted.size > 0 ? this.externalVerifier(token) : undefined;
    if (external) return { ...(await external(token)), kind: 'unknown' };
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          const key = header.kid ? this.verifying.get(header.kid) : undefined;
          if (!key) throw new Error('unknown signing key');
          return key;
        },
        { issuer: ISSUER, audience: AUDIENCE, algorithms: ['EdDSA'] },
      );
      if (typeof payload.sub !== 'string') throw new Error('no subject');
      return { sub: payload.sub, kind: String(payload.kind) };
    } catch (error) {
      const reason =
        (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'has expired' : 'is not valid';
      throw unauthorized(`The access token ${reason}; log in again`);
    }
  }

  private externalVerifier(token: string) {
    try {
      const { iss } = decodeJwt(token);
      return iss && iss !== ISSUER ? this.trusted.get(iss) : undefined;
    } catch {
      return undefined;
    }
  }
}
