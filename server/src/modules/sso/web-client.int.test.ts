import crypto from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { TestBrowser } from './test-browser.ts';
import { API_RESOURCE, WEB_CLIENT_ID, webOrigins } from './web-client.ts';

let t: TestApp;
let issuer: string;
let admin: string;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  t = await startTestApp({ PORT: String(port), HOST: '127.0.0.1', ONECITY_OIDC_ISSUER: issuer });
  await t.app.listen();
  admin = await t.login('admin');
});
afterAll(() => t.close());

const b64url = (bytes: Buffer) => bytes.toString('base64url');

/** What the web app does before leaving for the provider: PKCE, state, the request. */
function authorizationRequest(clientId = WEB_CLIENT_ID, redirectUri = `${issuer}/login/callback`) {
  const verifier = b64url(crypto.randomBytes(32));
  const state = b64url(crypto.randomBytes(16));
  const url = new URL('/oidc/auth', issuer);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid profile onecity api',
    resource: API_RESOURCE,
    state,
    code_challenge: b64url(crypto.createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();
  return { url, verifier, state };
}

async function postJson(browser: TestBrowser, path: string, body: unknown) {
  return browser.go(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Signs in as the web app does; returns the tokens from the token endpoint. */
async function webSignIn(username: string, browser = new TestBrowser(issuer, `${issuer}/login`)) {
  const { url, verifier, state } = authorizationRequest();
  const toLogin = await browser.go(url.toString());
  const loginUrl = new URL(toLogin.url);
  expect(loginUrl.pathname).toBe('/login');
  const uid = loginUrl.searchParams.get('interaction');
  expect(uid).toBeTruthy();

  const done = await postJson(browser, `/oidc/interaction/${uid}/login`, {
    username,
    password: 'OneCity@2026',
  });
  expect(done.status, done.body).toBe(200);
  const { redirectTo } = JSON.parse(done.body) as { redirectTo: string };
  const back = new URL((await browser.go(redirectTo)).url);
  expect(back.pathname).toBe('/login/callback');
  expect(back.searchParams.get('state')).toBe(state);
  expect(back.searchParams.get('iss')).toBe(issuer);

  const response = await fetch(`${issuer}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: back.searchParams.get('code')!,
      redirect_uri: `${issuer}/login/callback`,
      client_id: WEB_CLIENT_ID,
      code_verifier: verifier,
      resource: API_RESOURCE,
    }).toString(),
  });
  const tokens = (await response.json()) as Record<string, string | number>;
  expect(response.status, JSON.stringify(tokens)).toBe(200);
  return {
    tokens: tokens as { access_token: string; id_token: string; expires_in: number },
    browser,
  };
}

describe('OneCity’s own web app as a client of the provider', () => {
  it('is registered at start as a public PKCE client on the app’s origins, and protected', async () => {
    const list = await t.request({ method: 'GET', url: '/api/v1/sso/clients', token: admin });
    const web = list
      .json<Array<Record<string, unknown>>>()
      .find((c) => c.clientId === WEB_CLIENT_ID);
    expect(web).toMatchObject({
      firstParty: true,
      tokenEndpointAuthMethod: 'none',
      grantTypes: ['authorization_code'],
      status: 'active',
    });
    expect(web!.redirectUris).toContain(`${issuer}/login/callback`);
    expectProblem(
      await t.request({
        method: 'PATCH',
        url: `/api/v1/sso/clients/${WEB_CLIENT_ID}`,
        token: admin,
        payload: { status: 'disabled' },
      }),
      409,
      'client_protected',
    );
  });

  it('signs in with code + PKCE through the app’s login step, calls the API, and logs out', async () => {
    const { tokens, browser } = await webSignIn('dispatcher.310101');
    // The access token is a JWT for our API, signed by the provider.
    const header = JSON.parse(
      Buffer.from(tokens.access_token.split('.')[0]!, 'base64url').toString(),
    );
    expect(header).toMatchObject({ typ: 'at+jwt', alg: 'EdDSA' });
    const me = await t.request({ method: 'GET', url: '/api/v1/me', token: tokens.access_token });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ username: 'dispatcher.310101', kind: 'staff' });
    // Scoped routes see the staff member's grants as with any other token.
    const accounts = await t.request({
      method: 'GET',
      url: '/api/v1/accounts?limit=1',
      token: tokens.access_token,
    });
    expect(accounts.statusCode).not.toBe(401);

    // RP-initiated logout from the app: with its ID token as the hint, the page submits itself.
    const logoutUrl = new URL('/oidc/session/end', issuer);
    logoutUrl.search = new URLSearchParams({
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: `${issuer}/login`,
      client_id: WEB_CLIENT_ID,
    }).toString();
    const page = await browser.go(logoutUrl.toString());
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="logout" value="yes"');
    expect(page.body).toMatch(
      /<script nonce="[^"]+">document.getElementById\('op.logoutForm'\).submit\(\);/,
    );
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(page.body)?.[1];
    const after = await browser.go(action!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }).toString(),
    });
    expect(new URL(after.url).pathname).toBe('/login');

    // The API token died with the session.
    expectProblem(
      await t.request({ method: 'GET', url: '/api/v1/me', token: tokens.access_token }),
      401,
      'unauthorized',
    );
    // And the next sign-in asks for the password again (the provider session is gone).
    const again = await browser.go(authorizationRequest().url.toString());
    expect(new URL(again.url).searchParams.get('interaction')).toBeTruthy();
  });

  it('answers the app’s login step in JSON: wrong password, bad body, expired interaction', async () => {
    const browser = new TestBrowser(issuer, `${issuer}/login`);
    const toLogin = await browser.go(authorizationRequest().url.toString());
    const uid = new URL(toLogin.url).searchParams.get('interaction');
    const wrong = await postJson(browser, `/oidc/interaction/${uid}/login`, {
      username: 'admin',
      password: 'not-it',
    });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject({ code: 'unauthorized' });
    const missing = await postJson(browser, `/oidc/interaction/${uid}/login`, {
      username: 'admin',
    });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.body)).toMatchObject({ code: 'validation_failed' });
    // Another browser (no interaction cookie) cannot finish this sign-in.
    const stranger = await postJson(
      new TestBrowser(issuer, `${issuer}/login`),
      `/oidc/interaction/${uid}/login`,
      { username: 'admin', password: 'OneCity@2026' },
    );
    expect(stranger.status).toBe(400);
    expect(JSON.parse(stranger.body)).toMatchObject({ code: 'interaction_expired' });
  });

  it('asks for confirmation when a logout link comes without the app’s ID token', async () => {
    const { browser } = await webSignIn('admin');
    const page = await browser.go(`/oidc/session/end?client_id=${WEB_CLIENT_ID}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-testid="sso-logout"');
    expect(page.body).not.toContain('<script');
  });

  it('rejects tokens to our API for other relying parties and forged tokens', async () => {
    const registered = await t.request({
      method: 'POST',
      url: '/api/v1/sso/clients',
      token: admin,
      payload: { name: 'Outside RP', redirectUris: ['https://rp.example.test/callback'] },
    });
    const { clientId } = registered.json<{ client: { clientId: string } }>().client;
    const browser = new TestBrowser(issuer, 'https://rp.example.test/');
    const asked = await browser.go(
      authorizationRequest(clientId, 'https://rp.example.test/callback').url.toString(),
    );
    expect(new URL(asked.url).searchParams.get('error')).toBe('invalid_target');

    // A token signed by someone else but naming our issuer is refused.
    const { tokens } = await webSignIn('admin');
    const [h, p] = tokens.access_token.split('.');
    const forged = `${h}.${p}.${b64url(crypto.randomBytes(64))}`;
    expectProblem(
      await t.request({ method: 'GET', url: '/api/v1/me', token: forged }),
      401,
      'unauthorized',
    );
  });

  it('holds a relying party to the assurance level it was registered to require', async () => {
    const registered = await t.request({
      method: 'POST',
      url: '/api/v1/sso/clients',
      token: admin,
      payload: {
        name: '医保 RP',
        redirectUris: ['https://rp.example.test/callback'],
        public: true,
        requiredAcr: 'realperson',
      },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const { client } = registered.json<{ client: { clientId: string; requiredAcr: string } }>();
    expect(client.requiredAcr).toBe('realperson');
    const browser = new TestBrowser(issuer, 'https://rp.example.test/');
    const { url } = authorizationRequest(client.clientId, 'https://rp.example.test/callback');
    url.searchParams.delete('resource');
    url.searchParams.set('scope', 'openid profile');
    const page = await browser.go(url.toString());
    expect(page.body).toContain('data-testid="sso-acr"');
    const done = await browser.logIn(page.url, 'citizen.realname');
    expect(new URL(done.url).searchParams.get('error')).toBe('unmet_authentication_requirements');
  });

  it('stops a disabled relying party at once, though clients are cached', async () => {
    const registered = await t.request({
      method: 'POST',
      url: '/api/v1/sso/clients',
      token: admin,
      payload: {
        name: 'Soon gone',
        redirectUris: ['https://rp.example.test/callback'],
        public: true,
      },
    });
    const { clientId } = registered.json<{ client: { clientId: string } }>().client;
    const request = () => {
      const { url } = authorizationRequest(clientId, 'https://rp.example.test/callback');
      url.searchParams.delete('resource');
      url.searchParams.set('scope', 'openid');
      return new TestBrowser(issuer, 'https://rp.example.test/').go(url.toString());
    };
    expect((await request()).status).toBe(200); // the login page: the client is known (and cached)
    const disabled = await t.request({
      method: 'PATCH',
      url: `/api/v1/sso/clients/${clientId}`,
      token: admin,
      payload: { status: 'disabled' },
    });
    expect(disabled.statusCode).toBe(200);
    const refused = await request();
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('invalid_client');
  });

  it('derives the app’s origins from the issuer', () => {
    expect(webOrigins('https://city.example.gov.cn', ['https://m.city.example.gov.cn/'])).toEqual([
      'https://city.example.gov.cn',
      'https://m.city.example.gov.cn',
    ]);
    expect(webOrigins('http://localhost:8080')).toEqual(
      expect.arrayContaining(['http://127.0.0.1:8080', 'http://localhost:5173']),
    );
  });
});
