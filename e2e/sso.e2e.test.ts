import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as oidc from 'openid-client';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, newContext, watchPageErrors } from './support/browser.ts';
import { ARTIFACTS_DIR } from './support/paths.ts';
import { DEMO_ADMIN, logIn, openLogin } from './support/session.ts';

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

describe('OneCity’s own web app signs in through the provider', () => {
  it('logs in with code + PKCE, calls the API with the provider’s token, is single sign-on, and logs out', async () => {
    const opened = await openLogin(browser, baseUrl);
    ({ context } = opened);
    const { page, foreign, errors } = opened;
    // /login left for the provider at once and came back with the interaction to answer.
    const loginUrl = new URL(page.url());
    expect(loginUrl.pathname).toBe('/login');
    expect(loginUrl.searchParams.get('interaction')).toBeTruthy();

    const tokenAnswer = page.waitForResponse((r) => r.url().endsWith('/oidc/token'));
    await logIn(page, DEMO_ADMIN.username, DEMO_ADMIN.password);
    expect((await tokenAnswer).status()).toBe(200);
    await page.waitForURL((url) => url.pathname === '/workbench');
    await page.getByTestId('user-menu').waitFor();

    // The token the app holds is the provider's JWT for our API.
    const session = await page.evaluate(() => sessionStorage.getItem('onecity.session'));
    const token = (JSON.parse(session!) as { token: string }).token;
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      iss: string;
      aud: string;
      client_id: string;
    };
    expect(claims).toMatchObject({
      iss: baseUrl,
      aud: 'urn:onecity:api',
      client_id: 'onecity-web',
    });
    const me = await fetch(`${baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);

    // Single sign-on: a relying party opened in the same browser gets its code without a password.
    const { url, verifier, state } = await authorize();
    const rpPage = await context!.newPage();
    await rpPage.goto(url.toString());
    await rpPage.waitForURL((u) => u.toString().startsWith(callbackUrl), { timeout: 30_000 });
    const tokens = await oidc.authorizationCodeGrant(config, new URL(rpPage.url()), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.claims()).toMatchObject({ preferred_username: 'admin' });
    await rpPage.close();

    // RP-initiated logout from the user menu ends the provider's session and the API token.
    await page.getByTestId('user-menu').click();
    await page.getByText('退出登录').click();
    await page.getByTestId('login-username').waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).searchParams.get('interaction')).toBeTruthy();
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'web-login-after-logout.png') });
    const after = await fetch(`${baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(401);
    expect(await page.evaluate(() => sessionStorage.getItem('onecity.session'))).toBeNull();

    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('workbench pages for single sign-on and the city code', () => {
  it('registers a relying party, a scanner and a scene, showing each secret once', async () => {
    const opened = await openLogin(browser, baseUrl);
    ({ context } = opened);
    const { page, foreign, errors } = opened;
    await logIn(page, DEMO_ADMIN.username, DEMO_ADMIN.password);
    await page.waitForURL((url) => url.pathname === '/workbench');

    await page.getByTestId('workbench-menu').getByText('统一身份接入').click();
    await page.waitForURL((url) => url.pathname === '/workbench/sso/clients');
    const clients = page.getByTestId('sso-clients');
    await clients.getByText('onecity-web').waitFor();
    await page.getByTestId('sso-client-register').click();
    await page.getByTestId('sso-client-name').fill('区医保结算');
    await page.getByTestId('sso-client-redirects').fill('http://rp.example.gov.cn/callback');
    await page.getByTestId('sso-client-save').click();
    // Plain HTTP off this machine is refused before anything is sent.
    await page.getByTestId('sso-client-problems').getByText(/HTTPS/).waitFor();
    await page.getByTestId('sso-client-redirects').fill('https://rp.example.gov.cn/callback');
    await page.getByTestId('sso-client-save').click();
    const secret = page.getByTestId('sso-client-secret');
    await secret.waitFor();
    const firstSecret = (await secret.textContent()) ?? '';
    expect(firstSecret.length).toBeGreaterThan(30);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'workbench-sso-secret.png') });
    await page
      .locator('.ant-modal')
      .filter({ has: secret })
      .getByRole('button', { name: /OK|确\s*定/ })
      .click();
    await clients.getByText('区医保结算').waitFor();
    // Shown once: once the dialog is closed the secret is nowhere in the page, hidden or not.
    await expect.poll(async () => (await page.content()).includes(firstSecret)).toBe(false);

    // Edit its redirect URIs and least level, then give it a new secret.
    const row = clients.locator('tr', { hasText: '区医保结算' });
    await row.getByRole('button', { name: /编\s*辑/ }).click();
    expect(await page.getByTestId('sso-client-redirects').inputValue()).toBe(
      'https://rp.example.gov.cn/callback',
    );
    await page
      .getByTestId('sso-client-redirects')
      .fill('https://rp.example.gov.cn/callback\nhttps://rp2.example.gov.cn/callback');
    await page.getByTestId('sso-client-save').click();
    await clients.getByText('https://rp2.example.gov.cn/callback').waitFor();
    // The list is searched by name, client id or redirect URI.
    const clientSearch = page.getByTestId('sso-client-search').locator('input');
    await clientSearch.fill('rp2.example');
    await expect.poll(() => clients.locator('tbody tr').count()).toBe(1);
    await clientSearch.fill('');
    await clients.getByText('onecity-web').waitFor();
    await row.getByRole('button', { name: /重置密钥/ }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /OK|确\s*定/ })
      .click();
    const rotated = page.getByTestId('sso-client-secret');
    await rotated.waitFor();
    expect(await rotated.textContent()).not.toBe(firstSecret);
    await page
      .locator('.ant-modal')
      .filter({ has: rotated })
      .getByRole('button', { name: /OK|确\s*定/ })
      .click();

    await page.getByTestId('workbench-menu').getByText('随申码场景').click();
    await page.waitForURL((url) => url.pathname === '/workbench/citycode');
    await page.getByTestId('citycode-stats').getByText('瑞金医院门诊挂号').waitFor();
    await page.getByRole('tab', { name: '扫码设备' }).click();
    const scanners = page.getByTestId('citycode-scanners');
    await scanners.getByText('clinic-ruijin-01').waitFor();
    await page.getByTestId('scanner-register').click();
    await page.getByTestId('scanner-scene').click();
    await page.getByTitle(/venue-expo/).click();
    expect(await page.getByTestId('scanner-id').inputValue()).toMatch(/^venue-expo-\d\d$/);
    await page.getByTestId('scanner-name').fill('世博展馆 2 号门');
    await page
      .locator('.ant-modal')
      .filter({ has: page.getByTestId('scanner-name') })
      .getByRole('button', { name: /OK|确\s*定/ })
      .click();
    const key = page.getByTestId('scanner-key');
    await key.waitFor();
    const scannerKey = (await key.textContent()) ?? '';
    expect(scannerKey).toMatch(/^venue-expo-\d\d\./);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'workbench-scanner-key.png') });
    await page
      .locator('.ant-modal')
      .filter({ has: key })
      .getByRole('button', { name: /OK|确\s*定/ })
      .click();
    await expect.poll(async () => (await page.content()).includes(scannerKey)).toBe(false);
    // The list narrows by words of the id, name or place, and by scene.
    const scannerSearch = page.getByTestId('scanner-search').locator('input');
    await scannerSearch.fill('世博展馆');
    await expect.poll(() => scanners.locator('tbody tr').count()).toBe(1);
    await scanners.getByText(scannerKey.split('.')[0]!).waitFor();
    await scannerSearch.fill('');
    await expect.poll(() => scanners.locator('tbody tr').count()).toBeGreaterThan(6);

    // A new scene: the form offers only what a pool may test and see.
    await page.getByRole('tab', { name: '场景', exact: true }).click();
    await page.getByTestId('citycode-scenes').getByText('clinic-ruijin').waitFor();
    await page.getByTestId('scene-new').click();
    await page.getByTestId('scene-type').click();
    await page.getByTitle(/游泳场馆/).click();
    expect(await page.getByTestId('scene-id').inputValue()).toBe('pool-');
    await page.getByTestId('scene-save').click();
    await page.getByTestId('scene-problems').getByText('请填写场景名称').waitFor();
    await page.getByTestId('scene-id').fill('pool-jingan');
    await page.getByTestId('scene-name').fill('静安体育中心游泳馆');
    await page.getByTestId('scene-flag-healthCertificateValid').click();
    await page.getByTitle('须为是').click();
    await page.getByTestId('scene-age-min').fill('6');
    const fields = page.getByTestId('scene-fields');
    expect(await fields.getByRole('checkbox').count()).toBe(3);
    await fields.getByText('姓名（脱敏）').click();
    await fields.getByText('健康证明有效', { exact: true }).click();
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'workbench-scene-form.png') });
    await page.getByTestId('scene-save').click();
    const sceneRow = page.getByTestId('citycode-scenes').locator('tr', { hasText: 'pool-jingan' });
    await sceneRow.getByText('健康证明有效：是').waitFor();
    await sceneRow.getByText('年龄 ≥ 6').waitFor();
    await page.getByTestId('scene-edit-pool-jingan').click();
    expect(await page.getByTestId('scene-name').inputValue()).toBe('静安体育中心游泳馆');
    await page.getByTestId('scene-name').fill('静安游泳馆（冬季）');
    await page.getByTestId('scene-save').click();
    await sceneRow.getByText('静安游泳馆（冬季）').waitFor();

    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });
});
