import { sha256 } from './sha256';

/**
 * The web app signs in through OneCity's own OpenID provider as the public client
 * `onecity-web`: authorization code with PKCE (S256), an access token for our API (resource
 * `urn:onecity:api`), and RP-initiated logout. Everything stays on this origin.
 */
export const WEB_CLIENT_ID = 'onecity-web';
export const API_RESOURCE = 'urn:onecity:api';
export const SCOPE = 'openid profile onecity api';
export const CALLBACK_PATH = '/login/callback';
export const LOGGED_OUT_PATH = '/login';

export const PENDING_KEY = 'onecity.signin';
export const ID_TOKEN_KEY = 'onecity.idToken';

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** One sign-in on its way through the provider (kept in this tab's sessionStorage). */
export interface PendingSignIn {
  state: string;
  verifier: string;
  /** Where to go afterwards (checked again against the account on return). */
  next: string | null;
  expired: boolean;
}

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomToken(bytes = 32, random: (b: Uint8Array) => void = fill): string {
  const buffer = new Uint8Array(bytes);
  random(buffer);
  return base64url(buffer);
}

function fill(buffer: Uint8Array) {
  crypto.getRandomValues(buffer);
}

/** BASE64URL(SHA-256(verifier)), with WebCrypto where the browser offers it. */
export async function pkceChallenge(verifier: string): Promise<string> {
  const data = new TextEncoder().encode(verifier);
  const subtle = globalThis.crypto?.subtle;
  if (subtle) return base64url(new Uint8Array(await subtle.digest('SHA-256', data)));
  return base64url(sha256(data));
}

export async function beginSignIn(
  origin: string,
  options: { next: string | null; expired: boolean },
  storage: KeyValueStorage,
  random?: (b: Uint8Array) => void,
): Promise<string> {
  const pending: PendingSignIn = {
    state: randomToken(16, random),
    verifier: randomToken(32, random),
    next: options.next,
    expired: options.expired,
  };
  storage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL('/oidc/auth', origin);
  url.search = new URLSearchParams({
    client_id: WEB_CLIENT_ID,
    response_type: 'code',
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    scope: SCOPE,
    resource: API_RESOURCE,
    state: pending.state,
    code_challenge: await pkceChallenge(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

export function readPending(storage: KeyValueStorage): PendingSignIn | null {
  try {
    const value: unknown = JSON.parse(storage.getItem(PENDING_KEY) ?? 'null');
    if (
      typeof value === 'object' &&
      value !== null &&
      'state' in value &&
      'verifier' in value &&
      typeof value.state === 'string' &&
      typeof value.verifier === 'string'
    ) {
      const v = value as Partial<PendingSignIn>;
      return {
        state: value.state,
        verifier: value.verifier,
        next: typeof v.next === 'string' ? v.next : null,
        expired: v.expired === true,
      };
    }
  } catch {
    // Unreadable: as if none.
  }
  return null;
}

export type CallbackOutcome =
  | { ok: true; code: string; pending: PendingSignIn }
  | { ok: false; error: string; description: string | null; pending: PendingSignIn | null };

/**
 * Checks the provider's answer at the callback: it must carry the state this tab sent (no
 * injected codes) and come from the expected issuer (RFC 9207), then it is used up.
 */
export function readCallback(
  url: URL,
  storage: KeyValueStorage,
  expectedIssuer: string,
): CallbackOutcome {
  const pending = readPending(storage);
  storage.removeItem(PENDING_KEY);
  const params = url.searchParams;
  if (!pending || params.get('state') !== pending.state) {
    return { ok: false, error: 'state_mismatch', description: null, pending };
  }
  const iss = params.get('iss');
  if (iss !== null && iss !== expectedIssuer) {
    return { ok: false, error: 'issuer_mismatch', description: iss, pending };
  }
  const error = params.get('error');
  if (error) {
    return { ok: false, error, description: params.get('error_description'), pending };
  }
  const code = params.get('code');
  if (!code) return { ok: false, error: 'invalid_response', description: null, pending };
  return { ok: true, code, pending };
}

export function tokenRequestBody(origin: string, code: string, verifier: string): string {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    client_id: WEB_CLIENT_ID,
    code_verifier: verifier,
    resource: API_RESOURCE,
  }).toString();
}

export interface TokenSet {
  accessToken: string;
  idToken: string | null;
  expiresIn: number;
}

export function parseTokenResponse(body: unknown): TokenSet | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  if (typeof b.access_token !== 'string' || typeof b.expires_in !== 'number') return null;
  return {
    accessToken: b.access_token,
    idToken: typeof b.id_token === 'string' ? b.id_token : null,
    expiresIn: b.expires_in,
  };
}

/** RP-initiated logout: ends the provider's session and comes back to the login page. */
export function endSessionUrl(origin: string, idToken: string | null): string {
  const url = new URL('/oidc/session/end', origin);
  const params = new URLSearchParams({
    client_id: WEB_CLIENT_ID,
    post_logout_redirect_uri: `${origin}${LOGGED_OUT_PATH}`,
  });
  if (idToken) params.set('id_token_hint', idToken);
  url.search = params.toString();
  return url.toString();
}
