import crypto, { type KeyObject } from 'node:crypto';

/**
 * The two forms of the city code. Neither holds personal data: the holder appears only as a
 * reference that is the holder's internal number encrypted together with 8 random bytes
 * (one AES block), so every code looks unrelated to the last one and only the server can
 * tell whose it is.
 *
 *   OC1.<ref>.<issuedAt>.<nonce>.<tag>              online: tag = HMAC-SHA256, first 16 bytes
 *   OC2.<kid>.<ref>.<issuedAt>.<expiresAt>.<nonce>.<sig>
 *                                                    offline: sig = Ed25519 over everything
 *                                                    before the last dot (ASCII)
 *
 * ref, nonce, tag and sig are base64url without padding; times are Unix seconds. An online
 * code expires `ttlSeconds` after issuedAt (the verifier's setting); an offline one at the
 * expiresAt it carries, which is what a scanner without a network checks with our public keys.
 */
export type CodeKind = 'OC1' | 'OC2';

export interface CodeKeys {
  /** HMAC-SHA256 key of OC1 tags. */
  macKey: Buffer;
  /** AES-256 of holder references. */
  refKey: RefCipher;
  /** The key that signs new OC2 codes. */
  signing: { kid: string; privateKey: KeyObject };
  /** Every published key, by kid (rotation keeps old ones verifying). */
  verifying: ReadonlyMap<string, KeyObject>;
}

export interface CodeClaims {
  holderNo: number;
  /** Unix seconds. */
  issuedAt: number;
  nonce: string;
}

export type DenyReason = 'malformed' | 'forged' | 'expired';

export type VerifiedCode =
  | ({ ok: true; kind: CodeKind; expiresAt: number } & CodeClaims)
  | { ok: false; kind: CodeKind | null; reason: DenyReason };

/** Seconds a scanner's clock may differ from ours either way. */
export const CLOCK_SKEW_SECONDS = 5;

// 16 and 64 bytes in base64url leave 4 spare bits in the last character: only the canonical
// spelling (spare bits zero: A, Q, g or w) is accepted, so one code has exactly one string.
const B64 = '[A-Za-z0-9_-]';
const LAST = '[AQgw]';
/** OC1 has a fixed layout: 4 + 22 + 1 + 10 + 1 + 16 + 1 + 22 characters. */
const ONLINE_LENGTH = 77;
const ONLINE = new RegExp(`^OC1\\.${B64}{21}${LAST}\\.\\d{10}\\.${B64}{16}\\.${B64}{21}${LAST}$`);
const OFFLINE = new RegExp(
  `^OC2\\.(${B64}{1,40})\\.(${B64}{21}${LAST})\\.(\\d{10})\\.(\\d{10})\\.(${B64}{16})\\.(${B64}{85}${LAST})$`,
);

/**
 * One AES-256 key as a block function. ECB without padding turns each 16-byte update into
 * exactly one block, so a single long-lived cipher object serves every call (creating one per
 * call costs more than the whole rest of a verification).
 */
export interface RefCipher {
  encrypt(block: Buffer): Buffer;
  decrypt(block: Buffer): Buffer;
}

function refCipher(key: Buffer): RefCipher {
  const cipher = crypto.createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const decipher = crypto.createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  return {
    encrypt: (block) => cipher.update(block),
    decrypt: (block) => decipher.update(block),
  };
}

/** Derives the module's working keys from its one master secret. */
export function deriveKeys(master: Buffer): { macKey: Buffer; refKey: RefCipher } {
  const derive = (info: string) =>
    Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return {
    macKey: derive('onecity citycode mac v1'),
    refKey: refCipher(derive('onecity citycode ref v1')),
  };
}

export function newNonce(): string {
  return crypto.randomBytes(12).toString('base64url');
}

/** One AES block: the holder number (8 bytes) and 8 fresh random bytes. */
export function encryptRef(refKey: RefCipher, holderNo: number): string {
  const block = Buffer.allocUnsafe(16);
  block.writeBigUInt64BE(BigInt(holderNo), 0);
  crypto.randomFillSync(block, 8, 8);
  return refKey.encrypt(block).toString('base64url');
}

export function decryptRef(refKey: RefCipher, ref: string): number | null {
  const bytes = Buffer.from(ref, 'base64url');
  if (bytes.length !== 16) return null;
  const block = refKey.decrypt(bytes);
  if (block.length !== 16) return null;
  const high = block.readUInt32BE(0);
  const holderNo = high * 2 ** 32 + block.readUInt32BE(4);
  return holderNo > 0 && high < 2 ** 21 ? holderNo : null;
}

const tagOf = (macKey: Buffer, body: string) =>
  crypto.createHmac('sha256', macKey).update(body).digest().subarray(0, 16);

/** Both forms of one issuance share ref, issuedAt and nonce: one use per scanner covers both. */
export function encodeCodes(
  keys: CodeKeys,
  claims: CodeClaims,
  expiresAt: number,
): { online: string; offline: string } {
  const ref = encryptRef(keys.refKey, claims.holderNo);
  const onlineBody = `OC1.${ref}.${claims.issuedAt}.${claims.nonce}`;
  const online = `${onlineBody}.${tagOf(keys.macKey, onlineBody).toString('base64url')}`;
  const offlineBody = `OC2.${keys.signing.kid}.${ref}.${claims.issuedAt}.${expiresAt}.${claims.nonce}`;
  const sig = crypto.sign(null, Buffer.from(offlineBody, 'ascii'), keys.signing.privateKey);
  return { online, offline: `${offlineBody}.${sig.toString('base64url')}` };
}

/**
 * Checks a scanned code: its shape, then its tag or signature, then its time. A code that
 * fails the tag is `forged` whatever its time says, so a forger learns nothing more.
 */
export function verifyCode(
  keys: CodeKeys,
  code: string,
  nowSeconds: number,
  ttlSeconds: number,
): VerifiedCode {
  if (code.startsWith('OC1.')) return verifyOnline(keys, code, nowSeconds, ttlSeconds);
  if (code.startsWith('OC2.')) return verifyOffline(keys, code, nowSeconds);
  return { ok: false, kind: null, reason: 'malformed' };
}

function verifyOnline(keys: CodeKeys, code: string, now: number, ttlSeconds: number): VerifiedCode {
  if (code.length !== ONLINE_LENGTH || !ONLINE.test(code)) {
    return { ok: false, kind: 'OC1', reason: 'malformed' };
  }
  const ref = code.slice(4, 26);
  const iat = code.slice(27, 37);
  const nonce = code.slice(38, 54);
  const given = Buffer.from(code.slice(55), 'base64url');
  if (!crypto.timingSafeEqual(given, tagOf(keys.macKey, code.slice(0, 54)))) {
    return { ok: false, kind: 'OC1', reason: 'forged' };
  }
  const holderNo = decryptRef(keys.refKey, ref);
  if (holderNo === null) return { ok: false, kind: 'OC1', reason: 'forged' };
  const issuedAt = Number(iat);
  const expiresAt = issuedAt + ttlSeconds;
  if (!inWindow(now, issuedAt, expiresAt)) return { ok: false, kind: 'OC1', reason: 'expired' };
  return { ok: true, kind: 'OC1', holderNo, issuedAt, nonce, expiresAt };
}

function verifyOffline(keys: CodeKeys, code: string, now: number): VerifiedCode {
  const match = OFFLINE.exec(code);
  if (!match) return { ok: false, kind: 'OC2', reason: 'malformed' };
  const [, kid, ref, iat, exp, nonce, sig] = match as unknown as string[] as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const key = keys.verifying.get(kid);
  const signature = Buffer.from(sig, 'base64url');
  const body = Buffer.from(code.slice(0, code.length - sig.length - 1), 'ascii');
  if (!key || signature.length !== 64 || !crypto.verify(null, body, key, signature)) {
    return { ok: false, kind: 'OC2', reason: 'forged' };
  }
  const holderNo = decryptRef(keys.refKey, ref);
  if (holderNo === null) return { ok: false, kind: 'OC2', reason: 'forged' };
  const issuedAt = Number(iat);
  const expiresAt = Number(exp);
  if (!inWindow(now, issuedAt, expiresAt)) return { ok: false, kind: 'OC2', reason: 'expired' };
  return { ok: true, kind: 'OC2', holderNo, issuedAt, nonce, expiresAt };
}

const inWindow = (now: number, issuedAt: number, expiresAt: number) =>
  now >= issuedAt - CLOCK_SKEW_SECONDS && now <= expiresAt + CLOCK_SKEW_SECONDS;
