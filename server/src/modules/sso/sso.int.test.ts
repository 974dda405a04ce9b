import http from 'node:http';
import net from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { TestBrowser } from './test-browser.ts';

let t: TestApp;
let issuer: string;
let admin: string;
const REDIRECT = 'https://rp.example.test/callback';
const LOGOUT_REDIRECT = 'https://rp.example.test/bye';

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

async function registerClient(body: Record<string, unknown>) {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/sso/clients',
    token: admin,
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ client: { clientId: string }; clientSecret: string | null }>();
}

async function relyingParty(clientId: string, secret: string) {
  return oidc.discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretBasic(secret), {
    execute: [oidc.allowInsecureRequests],
  });
}

async function signIn(
  config: oidc.Configuration,
  username: string,
  extra: Record<string, string> = {},
  browser = new TestBrowser(issuer, 'https://rp.example.test/'),
) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: 'openid profile onecity',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...extra,
  });
  const loginPage = await browser.go(url.toString());
  expect(loginPage.status, loginPage.body).toBe(200);
  expect(loginPage.body).toContain('data-testid="sso-username"');
  const done = await browser.logIn(loginPage.url, username);
  return { callback: new URL(done.url), verifier, state, browser, loginPage };
}

/** RP-initiated logout in the browser: the provider's confirmation form, submitted. */
async function logOut(browser: TestBrowser, config: oidc.Configuration, idToken: string) {
  const logout = await browser.go(
    oidc
      .buildEndSessionUrl(config, {
        id_token_hint: idToken,
        post_logout_redirect_uri: LOGOUT_REDIRECT,
      })
      .toString(),
  );
  expect(logout.status).toBe(200);
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(logout.body)?.[1];
  const action = /<form[^>]*action="([^"]+)"/.exec(logout.body)?.[1];
  expect(xsrf && action).toBeTruthy();
  return browser.go(action!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }).toString(),
  });
}

/** A 401 from the token endpoint whose challenge says invalid_client. */
const invalidClient = {
  status: 401,
  cause: [
    expect.objectContaining({ parameters: expect.objectContaining({ error: 'invalid_client' }) }),
  ],
};

describe('OpenID Connect provider', () => {
  it('publishes discovery at the issuer root with our endpoints, acr values and PKCE', async () => {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const meta = (await response.json()) as Record<string, unknown>;
    expect(meta).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/oidc/auth`,
      token_endpoint: `${issuer}/oidc/token`,
      introspection_endpoint: `${issuer}/oidc/token/introspection`,
      revocation_endpoint: `${issuer}/oidc/token/revocation`,
      end_session_endpoint: `${issuer}/oidc/session/end`,
      acr_values_supported: ['basic', 'realname', 'realperson'],
      subject_types_supported: ['public', 'pairwise'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(meta.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']),
    );
  });

  it('logs a citizen in through our page: code + PKCE, claims, userinfo, refresh, logout', async () => {
    const { client, clientSecret } = await registerClient({
      name: '一网通办测试应用',
      redirectUris: [REDIRECT],
      postLogoutRedirectUris: [LOGOUT_REDIRECT],
    });
    const config = await relyingParty(client.clientId, clientSecret!);
    const { callback, verifier, state, browser, loginPage } = await signIn(
      config,
      'citizen.realname',
    );
    expect(loginPage.body).toContain('一网通办测试应用');
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const me = await t.app.identity.authenticate(await t.login('citizen.realname'));
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ sub: me.id, acr: 'realname', name: me.displayName });
    const info = await oidc.fetchUserInfo(config, tokens.access_token, me.id);
    expect(info).toMatchObject({
      sub: me.id,
      preferred_username: 'citizen.realname',
      assurance_level: 'real-name',
      account_kind: 'citizen',
    });
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);

    // A second login reuses the session: no login page.
    const again = await browser.go(
      oidc
        .buildAuthorizationUrl(config, {
          redirect_uri: REDIRECT,
          scope: 'openid',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    expect(again.url).toMatch(/^https:\/\/rp\.example\.test\/callback\?code=/);

    // RP-initiated logout ends the session.
    const bye = await logOut(browser, config, tokens.id_token!);
    expect(bye.url).toMatch(/^https:\/\/rp\.example\.test\/bye/);
    const afterLogout = await browser.go(
      oidc
        .buildAuthorizationUrl(config, {
          redirect_uri: REDIRECT,
          scope: 'openid',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    expect(afterLogout.body).toContain('data-testid="sso-username"');
  });

  it('refuses a login below the assurance level the relying party requires (acr_values)', async () => {
    const { client, clientSecret } = await registerClient({
      name: '医保结算',
      redirectUris: [REDIRECT],
    });
    const config = await relyingParty(client.clientId, clientSecret!);
    const low = await signIn(config, 'citizen.realname', { acr_values: 'realperson' });
    expect(low.loginPage.body).toContain('data-testid="sso-acr"');
    expect(low.callback.searchParams.get('error')).toBe('unmet_authentication_requirements');
    expect(low.callback.searchParams.get('code')).toBeNull();
    const high = await signIn(config, 'citizen.realperson', { acr_values: 'realperson' });
    const tokens = await oidc.authorizationCodeGrant(config, high.callback, {
      pkceCodeVerifier: high.verifier,
      expectedState: high.state,
    });
    expect(tokens.claims()!.acr).toBe('realperson');
    // A session at a lower level is asked to log in again when a higher one is required.
    const basic = await signIn(config, 'citizen');
    expect(basic.callback.searchParams.get('code')).toBeTruthy();
    const stepUp = await basic.browser.go(
      oidc
        .buildAuthorizationUrl(config, {
          redirect_uri: REDIRECT,
          scope: 'openid',
          acr_values: 'realname',
          code_challenge: await oidc.calculatePKCECodeChallenge(basic.verifier),
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    expect(stepUp.body).toContain('data-testid="sso-username"');
  });

  it('refuses a wrong redirect URI, a wrong secret, a missing PKCE and a wrong password', async () => {
    const { client, clientSecret } = await registerClient({
      name: 'Strict RP',
      redirectUris: [REDIRECT],
      grantTypes: ['authorization_code', 'client_credentials'],
    });
    const config = await relyingParty(client.clientId, clientSecret!);
    const browser = new TestBrowser(issuer, 'https://rp.example.test/');
    const wrongRedirect = await browser.go(
      oidc
        .buildAuthorizationUrl(config, {
          redirect_uri: 'https://evil.example.test/steal',
          scope: 'openid',
          code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    // Never redirected to the unregistered URI: an error page at the provider.
    expect(wrongRedirect.status).toBe(400);
    expect(wrongRedirect.url.startsWith(issuer)).toBe(true);
    expect(wrongRedirect.body).toContain('invalid_redirect_uri');

    const noPkce = await browser.go(
      oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid' }).toString(),
    );
    expect(new URL(noPkce.url).searchParams.get('error')).toBe('invalid_request');

    const wrongSecret = await relyingParty(client.clientId, 'not-the-secret');
    await expect(oidc.clientCredentialsGrant(wrongSecret, { scope: 'api' })).rejects.toMatchObject(
      invalidClient,
    );
    const unknown = await relyingParty('rp-unknown', 'whatever');
    await expect(oidc.clientCredentialsGrant(unknown, { scope: 'api' })).rejects.toMatchObject(
      invalidClient,
    );

    const verifier = oidc.randomPKCECodeVerifier();
    const page = await browser.go(
      oidc
        .buildAuthorizationUrl(config, {
          redirect_uri: REDIRECT,
          scope: 'openid',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
        })
        .toString(),
    );
    const wrong = await browser.logIn(page.url, 'citizen.realname', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('data-testid="sso-error"');
  });

  it('issues client credentials tokens that introspect, and revokes them', async () => {
    const { client, clientSecret } = await registerClient({
      name: 'Data hub job',
      grantTypes: ['client_credentials'],
      scope: 'api',
    });
    const config = await relyingParty(client.clientId, clientSecret!);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'api' });
    expect(tokens.access_token).toBeTruthy();
    expect(await oidc.tokenIntrospection(config, tokens.access_token)).toMatchObject({
      active: true,
      client_id: client.clientId,
    });
    await oidc.tokenRevocation(config, tokens.access_token);
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
  });

  it('gives pairwise clients their own subject for the same person', async () => {
    const subs: string[] = [];
    for (const host of ['https://a.example.test', 'https://b.example.test']) {
      const redirect = `${host}/callback`;
      const { client, clientSecret } = await registerClient({
        name: host,
        redirectUris: [redirect],
        pairwise: true,
      });
      const config = await relyingParty(client.clientId, clientSecret!);
      const verifier = oidc.randomPKCECodeVerifier();
      const browser = new TestBrowser(issuer, 'https://rp.example.test/');
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirect,
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      const page = await browser.go(url.toString(), {}, host);
      const done = await browser.go(
        page.url.replace(/\/?$/, '/login'),
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            username: 'citizen.realname',
            password: 'OneCity@2026',
          }).toString(),
        },
        host,
      );
      const tokens = await oidc.authorizationCodeGrant(config, new URL(done.url), {
        pkceCodeVerifier: verifier,
      });
      subs.push(tokens.claims()!.sub);
    }
    const me = await t.app.identity.authenticate(await t.login('citizen.realname'));
    expect(subs[0]).not.toBe(me.id);
    expect(subs[0]).not.toBe(subs[1]);
  });

  it('lets only admins register relying parties, and checks what they register', async () => {
    const citizen = await t.login('citizen.realname');
    expectProblem(
      await t.request({
        method: 'POST',
        url: '/api/v1/sso/clients',
        token: citizen,
        payload: { name: 'x', redirectUris: [REDIRECT] },
      }),
      403,
      'forbidden',
    );
    expectProblem(
      await t.request({
        method: 'POST',
        url: '/api/v1/sso/clients',
        token: admin,
        payload: { name: 'x' },
      }),
      400,
      'redirect_uri_required',
    );
    // Codes, logouts and logout tokens never go in the clear off this machine (API and CLI
    // alike; the workbench form refuses the same before sending).
    for (const payload of [
      { name: 'x', redirectUris: ['http://rp.example.test/callback'] },
      { name: 'x', redirectUris: [REDIRECT], postLogoutRedirectUris: ['http://rp.example.test/'] },
      { name: 'x', redirectUris: [REDIRECT], backchannelLogoutUri: 'http://rp.example.test/bc' },
    ]) {
      expectProblem(
        await t.request({ method: 'POST', url: '/api/v1/sso/clients', token: admin, payload }),
        400,
        'insecure_uri',
      );
    }
    await registerClient({ name: 'Local RP', redirectUris: ['http://127.0.0.1:9999/cb'] });
    const { clientSecret } = await registerClient({ name: 'Listed', redirectUris: [REDIRECT] });
    const list = await t.request({ method: 'GET', url: '/api/v1/sso/clients', token: admin });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Listed');
    expect(list.body).not.toContain(clientSecret!);
  });
  it('lets an admin change redirect URIs, the least acr and the secret of a relying party', async () => {
    const { client, clientSecret } = await registerClient({
      name: 'Moving RP',
      redirectUris: [REDIRECT],
      grantTypes: ['authorization_code', 'client_credentials'],
    });
    const moved = 'https://rp2.example.test/callback';
    const patch = (clientId: string, payload: Record<string, unknown>, token = admin) =>
      t.request({ method: 'PATCH', url: `/api/v1/sso/clients/${clientId}`, token, payload });
    const changed = await patch(client.clientId, {
      name: 'Moved RP',
      redirectUris: [moved],
      requiredAcr: 'realname',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      name: 'Moved RP',
      redirectUris: [moved],
      requiredAcr: 'realname',
      status: 'active',
    });
    const config = await relyingParty(client.clientId, clientSecret!);
    const browser = new TestBrowser(issuer, 'https://rp2.example.test/');
    const authorize = async (redirect: string) =>
      browser.go(
        oidc
          .buildAuthorizationUrl(config, {
            redirect_uri: redirect,
            scope: 'openid',
            code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
            code_challenge_method: 'S256',
          })
          .toString(),
      );
    // The old URI is refused at once, the new one gets the login page.
    const old = await authorize(REDIRECT);
    expect(old.status).toBe(400);
    expect(old.body).toContain('invalid_redirect_uri');
    const now = await authorize(moved);
    expect(now.status, now.body).toBe(200);
    expect(now.body).toContain('data-testid="sso-username"');

    // A new secret: the old one stops working, the new one works.
    const rotated = await t.request({
      method: 'POST',
      url: `/api/v1/sso/clients/${client.clientId}/secret`,
      token: admin,
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { clientSecret: fresh } = rotated.json<{ clientSecret: string }>();
    expect(fresh).not.toBe(clientSecret);
    await expect(oidc.clientCredentialsGrant(config, { scope: 'api' })).rejects.toMatchObject(
      invalidClient,
    );
    const renewed = await relyingParty(client.clientId, fresh);
    expect(
      (await oidc.clientCredentialsGrant(renewed, { scope: 'api' })).access_token,
    ).toBeTruthy();

    // Clearing the least level; what may not change.
    expect((await patch(client.clientId, { requiredAcr: null })).json()).toMatchObject({
      requiredAcr: null,
    });
    expectProblem(await patch(client.clientId, { redirectUris: [] }), 400, 'redirect_uri_required');
    expectProblem(
      await patch(client.clientId, { redirectUris: ['http://rp2.example.test/callback'] }),
      400,
      'insecure_uri',
    );
    expectProblem(await patch(client.clientId, {}), 400, 'validation_failed');
    expectProblem(await patch('onecity-web', { name: 'x' }), 409, 'client_protected');
    expectProblem(await patch('rp-nobody', { name: 'x' }), 404, 'not_found');
    const citizen = await t.login('citizen.realname');
    expectProblem(await patch(client.clientId, { name: 'x' }, citizen), 403, 'forbidden');
  });
  it('tells a relying party on its back channel when the session ends (back-channel logout)', async () => {
    // The relying party's server: takes logout tokens like a real one would.
    const received: string[] = [];
    const backchannel = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += String(chunk)));
      req.on('end', () => {
        received.push(new URLSearchParams(body).get('logout_token') ?? '');
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => backchannel.listen(0, '127.0.0.1', resolve));
    const port = (backchannel.address() as net.AddressInfo).port;
    try {
      const { client, clientSecret } = await registerClient({
        name: '区政务服务中心',
        redirectUris: [REDIRECT],
        postLogoutRedirectUris: [LOGOUT_REDIRECT],
        backchannelLogoutUri: `http://127.0.0.1:${port}/backchannel-logout`,
      });
      expect(client).toMatchObject({
        backchannelLogoutUri: `http://127.0.0.1:${port}/backchannel-logout`,
      });
      const config = await relyingParty(client.clientId, clientSecret!);
      const { callback, verifier, state, browser } = await signIn(config, 'citizen.realname');
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      await logOut(browser, config, tokens.id_token!);
      // One logout token, signed with the published keys, naming the person and the session.
      expect(received).toHaveLength(1);
      const { payload } = await jwtVerify(
        received[0]!,
        createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!)),
        { issuer, audience: client.clientId },
      );
      expect(payload).toMatchObject({
        sub: tokens.claims()!.sub,
        sid: tokens.claims()!.sid,
        events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
      });
      expect(payload.sid).toEqual(expect.any(String));
      expect(payload.nonce).toBeUndefined();

      // Switched off by an edit: the next logout posts nothing.
      const off = await t.request({
        method: 'PATCH',
        url: `/api/v1/sso/clients/${client.clientId}`,
        token: admin,
        payload: { backchannelLogoutUri: null },
      });
      expect(off.json()).toMatchObject({ backchannelLogoutUri: null });
    } finally {
      await new Promise((resolve) => backchannel.close(resolve));
    }
  });
});
