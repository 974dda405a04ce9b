import crypto, { type KeyObject } from 'node:crypto';

/**
 * E-licences are compact JWS (RFC 7515) signed with Ed25519 (`alg: EdDSA`, RFC 8037): any
 * verifier checks one offline with our published JWKS, with any JOSE library. The payload
 * uses JWT claim names (`iat`, `nbf`, `exp`, `jti`) so generic libraries check validity too.
 */
export const LICENCE_JWS_TYPE = 'licence+jwt';
export const ISSUER = 'onecity';

export interface LicenceClaims {
  iss: string;
  /** Licence id. */
  jti: string;
  /** Licence number as printed. */
  no: string;
  /** Licence type code and name. */
  lt: string;
  ln: string;
  /** Holder's name and identifier (an ID number is masked; a credit code is public). */
  hn: string;
  hid: string | null;
  /** Issuing department. */
  dep: string;
  /** The printed fields. */
  f: Record<string, unknown>;
  iat: number;
  nbf: number;
  exp?: number;
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export type VerifyFailure =
  | 'malformed'
  | 'unsupported_algorithm'
  | 'unknown_key'
  | 'bad_signature'
  | 'not_yet_valid'
  | 'expired';

export type VerifyResult =
  | { ok: true; kid: string; claims: LicenceClaims }
  | { ok: false; reason: VerifyFailure; claims?: LicenceClaims };

const b64 = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export function generateKeyPair(): { privateJwk: crypto.JsonWebKey; publicJwk: crypto.JsonWebKey } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  return {
    privateJwk: privateKey.export({ format: 'jwk' }),
    publicJwk: publicKey.export({ format: 'jwk' }),
  };
}

export function publicJwkOf(kid: string, jwk: crypto.JsonWebKey): PublicJwk {
  return { kty: 'OKP', crv: 'Ed25519', x: String(jwk.x), kid, alg: 'EdDSA', use: 'sig' };
}

export function signCompact(key: SigningKey, payload: object, type = LICENCE_JWS_TYPE): string {
  const header = b64(JSON.stringify({ alg: 'EdDSA', kid: key.kid, typ: type }));
  const body = b64(JSON.stringify(payload));
  const signature = crypto.sign(null, Buffer.from(`${header}.${body}`), key.privateKey);
  return `${header}.${body}.${b64(signature)}`;
}

/**
 * Checks a compact JWS against our keys and the licence's validity window at `now`. Only
 * EdDSA is accepted (no `none`, no algorithm confusion); claims of a token whose signature
 * fails are never returned.
 */
export function verifyCompact(
  token: string,
  keys: ReadonlyMap<string, KeyObject>,
  now: Date,
): VerifyResult {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || !parts[2]) {
    return { ok: false, reason: 'malformed' };
  }
  const [h, p, s] = parts as [string, string, string];
  let header: { alg?: unknown; kid?: unknown };
  let claims: LicenceClaims;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    typeof header !== 'object' ||
    header === null ||
    typeof claims !== 'object' ||
    claims === null
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (header.alg !== 'EdDSA') return { ok: false, reason: 'unsupported_algorithm' };
  const key = typeof header.kid === 'string' ? keys.get(header.kid) : undefined;
  if (!key) return { ok: false, reason: 'unknown_key' };
  const signature = Buffer.from(s, 'base64url');
  if (signature.length !== 64 || !crypto.verify(null, Buffer.from(`${h}.${p}`), key, signature)) {
    return { ok: false, reason: 'bad_signature' };
  }
  const seconds = Math.floor(now.getTime() / 1000);
  if (typeof claims.nbf === 'number' && seconds < claims.nbf) {
    return { ok: false, reason: 'not_yet_valid', claims };
  }
  if (typeof claims.exp === 'number' && seconds >= claims.exp) {
    return { ok: false, reason: 'expired', claims };
  }
  return { ok: true, kid: header.kid as string, claims };
}
