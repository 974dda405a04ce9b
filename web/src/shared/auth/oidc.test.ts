import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../api/token-store';
import {
  beginSignIn,
  endSessionUrl,
  parseTokenResponse,
  pkceChallenge,
  readCallback,
  readPending,
  tokenRequestBody,
} from './oidc';
import { sha256 } from './sha256';

const ORIGIN = 'https://city.example.gov.cn';
const counter = () => {
  let n = 0;
  return (buffer: Uint8Array) => buffer.forEach((_, i) => (buffer[i] = (n++ * 7) & 0xff));
};

describe('sha256 fallback', () => {
  it('matches node:crypto on the PKCE example and on inputs across block boundaries', () => {
    for (const input of [
      '',
      'abc',
      'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      'x'.repeat(55),
      'y'.repeat(64),
      'z'.repeat(200),
    ]) {
      const expected = createHash('sha256').update(input).digest('hex');
      expect(Buffer.from(sha256(new TextEncoder().encode(input))).toString('hex')).toBe(expected);
    }
  });
});

describe('sign-in through the provider', () => {
  it('computes the RFC 7636 example challenge', async () => {
    expect(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('sends a code + PKCE request for our API and keeps the secret half in this tab', async () => {
    const storage = createMemoryStorage();
    const url = new URL(
      await beginSignIn(ORIGIN, { next: '/screen', expired: true }, storage, counter()),
    );
    expect(url.origin + url.pathname).toBe(`${ORIGIN}/oidc/auth`);
    const pending = readPending(storage)!;
    expect(pending).toMatchObject({ next: '/screen', expired: true });
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'onecity-web',
      response_type: 'code',
      redirect_uri: `${ORIGIN}/login/callback`,
      scope: 'openid profile onecity api',
      resource: 'urn:onecity:api',
      state: pending.state,
      code_challenge: await pkceChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    expect(url.searchParams.get('code_challenge')).not.toContain(pending.verifier);
  });

  it('accepts a callback only with this tab’s state and the expected issuer, once', async () => {
    const storage = createMemoryStorage();
    await beginSignIn(ORIGIN, { next: null, expired: false }, storage);
    const { state } = readPending(storage)!;
    const good = new URL(
      `${ORIGIN}/login/callback?code=abc&state=${state}&iss=${encodeURIComponent(ORIGIN)}`,
    );
    expect(readCallback(good, storage, ORIGIN)).toMatchObject({ ok: true, code: 'abc' });
    // Used up: replaying the same URL fails.
    expect(readCallback(good, storage, ORIGIN)).toMatchObject({
      ok: false,
      error: 'state_mismatch',
    });

    await beginSignIn(ORIGIN, { next: null, expired: false }, storage);
    const injected = new URL(`${ORIGIN}/login/callback?code=abc&state=someone-elses`);
    expect(readCallback(injected, storage, ORIGIN)).toMatchObject({
      ok: false,
      error: 'state_mismatch',
    });

    await beginSignIn(ORIGIN, { next: null, expired: false }, storage);
    const s2 = readPending(storage)!.state;
    const mixUp = new URL(`${ORIGIN}/login/callback?code=abc&state=${s2}&iss=https://evil.example`);
    expect(readCallback(mixUp, storage, ORIGIN)).toMatchObject({
      ok: false,
      error: 'issuer_mismatch',
    });

    await beginSignIn(ORIGIN, { next: null, expired: false }, storage);
    const s3 = readPending(storage)!.state;
    const refused = new URL(`${ORIGIN}/login/callback?error=access_denied&state=${s3}`);
    expect(readCallback(refused, storage, ORIGIN)).toMatchObject({
      ok: false,
      error: 'access_denied',
    });
  });

  it('builds the token request and reads the answer', () => {
    expect(Object.fromEntries(new URLSearchParams(tokenRequestBody(ORIGIN, 'c', 'v')))).toEqual({
      grant_type: 'authorization_code',
      code: 'c',
      redirect_uri: `${ORIGIN}/login/callback`,
      client_id: 'onecity-web',
      code_verifier: 'v',
      resource: 'urn:onecity:api',
    });
    expect(parseTokenResponse({ access_token: 'a', id_token: 'i', expires_in: 3600 })).toEqual({
      accessToken: 'a',
      idToken: 'i',
      expiresIn: 3600,
    });
    expect(parseTokenResponse({ error: 'invalid_grant' })).toBeNull();
  });

  it('logs out at the provider and comes back to the login page', () => {
    const url = new URL(endSessionUrl(ORIGIN, 'id.token.here'));
    expect(url.pathname).toBe('/oidc/session/end');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'onecity-web',
      post_logout_redirect_uri: `${ORIGIN}/login`,
      id_token_hint: 'id.token.here',
    });
  });
});
