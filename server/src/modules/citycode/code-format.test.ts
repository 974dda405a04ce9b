import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptRef,
  deriveKeys,
  encodeCodes,
  encryptRef,
  newNonce,
  verifyCode,
  type CodeKeys,
} from './code-format.ts';

function keys(master = 'a master secret of at least 32 characters'): CodeKeys {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  return {
    ...deriveKeys(Buffer.from(master)),
    signing: { kid: 'k1', privateKey },
    verifying: new Map([['k1', publicKey]]),
  };
}

const T0 = 1_790_000_000;

describe('city code format', () => {
  const k = keys();
  const claims = { holderNo: 42, issuedAt: T0, nonce: newNonce() };
  const { online, offline } = encodeCodes(k, claims, T0 + 60);

  it('encodes both forms with no personal data and verifies them', () => {
    expect(online).toMatch(/^OC1\.[\w-]{22}\.\d{10}\.[\w-]{16}\.[\w-]{22}$/);
    expect(offline).toMatch(/^OC2\.k1\.[\w-]{22}\.\d{10}\.\d{10}\.[\w-]{16}\.[\w-]{86}$/);
    expect(verifyCode(k, online, T0 + 30, 60)).toMatchObject({ ok: true, kind: 'OC1', ...claims });
    expect(verifyCode(k, offline, T0 + 30, 60)).toMatchObject({
      ok: true,
      kind: 'OC2',
      ...claims,
      expiresAt: T0 + 60,
    });
  });

  it('gives every code of one holder a different reference that only we can read', () => {
    const refs = new Set(Array.from({ length: 100 }, () => encryptRef(k.refKey, 42)));
    expect(refs.size).toBe(100);
    for (const ref of refs) expect(decryptRef(k.refKey, ref)).toBe(42);
    expect(
      decryptRef(keys('another master secret, 32 chars or more').refKey, [...refs][0]!),
    ).not.toBe(42);
  });

  it('refuses a changed character anywhere as forged, and a wrong shape as malformed', () => {
    const parts = online.split('.');
    for (const i of [1, 2, 3, 4]) {
      const changed = [...parts];
      const p = changed[i]!;
      changed[i] = p.slice(0, 5) + (p[5] === 'A' ? 'B' : 'A') + p.slice(6);
      if (i === 2) changed[i] = String(Number(p) - 1);
      expect(verifyCode(k, changed.join('.'), T0 + 1, 60)).toMatchObject({
        ok: false,
        reason: 'forged',
      });
    }
    // The same tag bytes spelled with its spare bits set: one code has one spelling only.
    const respelled = online.slice(0, -1) + String.fromCharCode(online.charCodeAt(76) + 1);
    for (const bad of [
      '',
      'hello',
      'OC1.',
      `${online}.x`,
      online.slice(0, -1),
      'OC9.a.b.c.d',
      respelled,
    ]) {
      expect(verifyCode(k, bad, T0 + 1, 60)).toMatchObject({ ok: false, reason: 'malformed' });
    }
    const signedElsewhere = encodeCodes(
      {
        ...keys(),
        signing: { kid: 'k1', privateKey: crypto.generateKeyPairSync('ed25519').privateKey },
      },
      claims,
      T0 + 60,
    ).offline;
    expect(verifyCode(k, signedElsewhere, T0 + 1, 60)).toMatchObject({ reason: 'forged' });
    const longer = offline.replace(`.${T0 + 60}.`, `.${T0 + 6000}.`);
    expect(verifyCode(k, longer, T0 + 100, 60)).toMatchObject({ reason: 'forged' });
  });

  it('expires after the TTL (with 5 s of clock skew) and is not valid before it was issued', () => {
    expect(verifyCode(k, online, T0 + 65, 60).ok).toBe(true);
    expect(verifyCode(k, online, T0 + 66, 60)).toMatchObject({ ok: false, reason: 'expired' });
    expect(verifyCode(k, online, T0 - 6, 60)).toMatchObject({ ok: false, reason: 'expired' });
    expect(verifyCode(k, offline, T0 + 66, 60)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('lets an offline scanner verify OC2 with nothing but the public key', () => {
    const publicJwk = k.verifying.get('k1')!.export({ format: 'jwk' });
    const sig = offline.slice(offline.lastIndexOf('.') + 1);
    const body = offline.slice(0, offline.lastIndexOf('.'));
    const key = crypto.createPublicKey({ key: publicJwk, format: 'jwk' });
    expect(crypto.verify(null, Buffer.from(body), key, Buffer.from(sig, 'base64url'))).toBe(true);
  });
});
