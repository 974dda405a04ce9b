import type { ClientMetadata } from './sso.repository.ts';

/**
 * OneCity's own web app as a relying party of our provider: a public client (no secret, PKCE)
 * that signs people in with the authorization code flow and asks for an access token to our
 * API. It is (re)written at every start from the configuration, so its redirect URIs follow
 * the issuer; an administrator cannot disable or change it.
 */
export const WEB_CLIENT_ID = 'onecity-web';

/** The resource indicator (RFC 8707) of our API; only first-party clients may ask for it. */
export const API_RESOURCE = 'urn:onecity:api';
export const API_SCOPE = 'api';

export const WEB_CALLBACK_PATH = '/login/callback';
export const WEB_LOGGED_OUT_PATH = '/login';

const LOOPBACK = new Set(['localhost', '127.0.0.1']);
/** Vite's dev server (web/vite.config.ts proxies /api and /oidc to the platform). */
const DEV_PORT = '5173';

/**
 * The origins the web app is served from: the issuer's, those configured
 * (`ONECITY_WEB_ORIGINS`), and — only for an issuer on a loopback host, i.e. a developer's
 * machine — the other loopback spelling and the Vite dev server.
 */
export function webOrigins(issuer: string, extra: readonly string[] = []): string[] {
  const origins = new Set<string>();
  const url = new URL(issuer);
  origins.add(url.origin);
  if (LOOPBACK.has(url.hostname)) {
    for (const host of LOOPBACK) {
      for (const port of [url.port, DEV_PORT]) {
        origins.add(`${url.protocol}//${host}${port ? `:${port}` : ''}`);
      }
    }
  }
  for (const origin of extra) origins.add(new URL(origin).origin);
  return [...origins];
}

export function webClientMetadata(origins: readonly string[]): ClientMetadata {
  return {
    client_id: WEB_CLIENT_ID,
    client_name: 'OneCity 城市运行平台',
    redirect_uris: origins.map((o) => `${o}${WEB_CALLBACK_PATH}`),
    post_logout_redirect_uris: origins.map((o) => `${o}${WEB_LOGGED_OUT_PATH}`),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    subject_type: 'public',
    scope: `openid profile onecity ${API_SCOPE}`,
    default_acr_values: ['basic', 'realname', 'realperson'],
    onecity_first_party: true,
  };
}
