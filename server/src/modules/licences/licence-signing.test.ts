import crypto from 'node:crypto';
import { compactVerify, createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  generateKeyPair,
  publicJwkOf,
  signCompact,
  verifyCompact,
  type LicenceClaims,
} from './licence-signing.ts';

const { privateJwk, publicJwk } = generateKeyPair();
const key = { kid: 'k1', privateKey: crypto.createPrivateKey({ key: privateJwk, format: 'jwk' }) };
const keys = new Map([['k1', crypto.createPublicKey({ key: publicJwk, format: 'jwk' })]]);
const now = new Date('2026-03-16T02:00:00Z');
const seconds = Math.floor(now.getTime() / 1000);

const claims: LicenceClaims = {
  iss: 'onecity',
  jti: crypto.randomUUID(),
  no: 'JY3101010000001',
  lt: 'food_business',
  ln: '食品经营许可证',
  hn: '上海一城示范餐饮有限公司',
  hid: '91310101MA1FPX1234',
  dep: '黄浦区市场监督管理局',
  f: { businessAddress: '南京东路 299 号' },
  iat: seconds,
  nbf: seconds,
  exp: seconds + 86_400,
};

describe('licences as compact JWS signed with Ed25519', () => {
  const token = signCompact(key, claims);

  it('verifies a licence it signed, offline, with the claims intact', () => {
    const result = verifyCompact(token, keys, now);
    expect(result).toEqual({ ok: true, kid: 'k1', claims });
  });

  it('is standard JOSE: any library verifies it with the published JWKS', async () => {
    const jwks = createLocalJWKSet({ keys: [publicJwkOf('k1', publicJwk)] });
    const { payload, protectedHeader } = await compactVerify(token, jwks);
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: 'k1' });
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(claims);
    const verified = await jwtVerify(token, jwks, { currentDate: now, typ: 'licence+jwt' });
    expect(verified.payload.no).toBe('JY3101010000001');
  });

  it('refuses an altered payload, a foreign key, "none" and garbage', () => {
    const [h, , s] = token.split('.');
    const altered = Buffer.from(JSON.stringify({ ...claims, hn: '冒名餐饮有限公司' })).toString(
      'base64url',
    );
    expect(verifyCompact(`${h}.${altered}.${s}`, keys, now)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });

    const other = crypto.generateKeyPairSync('ed25519').privateKey;
    const forged = signCompact({ kid: 'k1', privateKey: other }, claims);
    expect(verifyCompact(forged, keys, now)).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(
      verifyCompact(signCompact({ kid: 'k9', privateKey: other }, claims), keys, now),
    ).toMatchObject({
      ok: false,
      reason: 'unknown_key',
    });

    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${token.split('.')[1]}.`;
    expect(verifyCompact(none, keys, now).ok).toBe(false);
    const hs = `${Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'k1' })).toString('base64url')}.${token.split('.')[1]}.${s}`;
    expect(verifyCompact(hs, keys, now)).toEqual({ ok: false, reason: 'unsupported_algorithm' });
    expect(verifyCompact('not a licence', keys, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('knows expired and not-yet-valid licences', () => {
    expect(verifyCompact(token, keys, new Date(now.getTime() + 2 * 86_400_000))).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    expect(verifyCompact(token, keys, new Date(now.getTime() - 60_000))).toMatchObject({
      ok: false,
      reason: 'not_yet_valid',
    });
  });
});
