import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as oidc from 'openid-client';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, newContext, watchPageErrors } from './support/browser.ts';
import { ARTIFACTS_DIR } from './support/paths.ts';
import { DEMO_ADMIN } from './support/session.ts';

const baseUrl = inject('baseUrl');
const PASSWORD = 'OneCity@2026';

let browser: Browser;
let context: BrowserContext | null = null;
/** A relying party's callback endpoint: it only says "back at the RP". */
let rp: http.Server;
let callbackUrl: string;
let config: oidc.Configuration;

async function registerClient(redirectUri: string): Promise<{ clientId: string; secret: string }> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: DEMO_ADMIN.username, password: DEMO_ADMIN.password }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const response = await fetch(`${baseUrl}/api/v1/sso/clients`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ name: '示范应用 Demo RP', redirectUris: [redirectUri] }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { client: { clientId: string }; clientSecret: string };
  return { clientId: body.client.clientId, secret: body.clientSecret };
}

beforeAll(async () => {
  browser = await launchBrowser();
  rp = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('back at the relying party');
  });
  await new Promise<void>((resolve) => rp.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(rp.address() as AddressInfo).port}/callback`;
  const { clientId, secret } = await registerClient(callbackUrl);
  // A real relying party: discovery, then everything from the published metadata.
  config = await oidc.discovery(
    new URL(baseUrl),
    clientId,
    undefined,
    oidc.ClientSecretBasic(secret),
    {
      execute: [oidc.allowInsecureRequests],
    },
  );
});

afterEach(async () => {
  await context?.close();
  context = null;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => rp?.close(resolve));
});

async function authorize(extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl,
    scope: 'openid profile onecity',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...extra,
  });
  return { url, verifier, state };
}

async function logInThroughPage(url: URL, username: string) {
  context = await newContext(browser, baseUrl);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(url.toString());
  await page.getByTestId('sso-username').waitFor();
  expect(await page.getByTestId('sso-client').textContent()).toBe('示范应用 Demo RP');
  await page.getByTestId('sso-username').fill(username);
  await page.getByTestId('sso-password').fill(PASSWORD);
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'sso-login.png') });
  await page.getByTestId('sso-submit').click();
  await page.waitForURL((u) => u.toString().startsWith(callbackUrl), { timeout: 30_000 });
  return { page, errors, landed: new URL(page.url()) };
}

describe('single sign-on with a real relying party', () => {
  it('signs a citizen in through our login page and hands the relying party their claims', async () => {
    const { url, verifier, state } = await authorize();
    const { landed, errors } = await logInThroughPage(url, 'citizen.realname');
    const tokens = await oidc.authorizationCodeGrant(config, landed, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: baseUrl, acr: 'realname' });
    expect(typeof claims.name).toBe('string');
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info).toMatchObject({
      sub: claims.sub,
      preferred_username: 'citizen.realname',
      assurance_level: 'real-name',
      account_kind: 'citizen',
    });
    expect(errors).toEqual([]);
  });

  it('fails a login that does not meet the required assurance level', async () => {
    const { url } = await authorize({ acr_values: 'realperson' });
    const { landed } = await logInThroughPage(url, 'citizen.realname');
    expect(landed.searchParams.get('error')).toBe('unmet_authentication_requirements');
    expect(landed.searchParams.get('code')).toBeNull();
  });

  it('never sends a code to a redirect URI the relying party did not register', async () => {
    const { url } = await authorize();
    url.searchParams.set('redirect_uri', 'http://127.0.0.1:9/steal');
    context = await newContext(browser, baseUrl);
    const page = await context.newPage();
    const response = await page.goto(url.toString());
    expect(response?.status()).toBe(400);
    expect(page.url().startsWith(baseUrl)).toBe(true);
    expect(await page.getByTestId('sso-error-code').textContent()).toBe('invalid_redirect_uri');
  });
});
