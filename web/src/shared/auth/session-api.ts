import { api } from '../api/api';
import { unwrap } from '../api/client';
import { ApiError, apiErrorFrom } from '../api/problem';
import type { Account } from '../api/types';
import { parseTokenResponse, tokenRequestBody, type TokenSet } from './oidc';

export function fetchMe(signal?: AbortSignal): Promise<Account> {
  return unwrap(api.GET('/api/v1/me', signal ? { signal } : {}));
}

async function body(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function send(input: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(input, { credentials: 'same-origin', ...init });
  } catch (cause) {
    const error = new ApiError({ status: 0, code: 'network_error' }, 'Network error');
    error.cause = cause;
    throw error;
  }
}

/**
 * The provider's login step for our own app: the credentials go to the interaction this tab's
 * sign-in opened (its cookie says which); the answer is where the browser goes next.
 */
export async function submitCredentials(
  interaction: string,
  username: string,
  password: string,
): Promise<string> {
  const response = await send(`/oidc/interaction/${encodeURIComponent(interaction)}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const parsed = await body(response);
  if (!response.ok) throw apiErrorFrom(response, parsed);
  const redirectTo = (parsed as { redirectTo?: unknown }).redirectTo;
  if (typeof redirectTo !== 'string') {
    throw new ApiError({ status: response.status, code: 'invalid_response' }, 'Invalid response');
  }
  return redirectTo;
}

/** The issuer the provider names itself by (the `iss` its answers carry). */
export async function fetchIssuer(): Promise<string> {
  const response = await send('/.well-known/openid-configuration', {
    headers: { accept: 'application/json' },
  });
  const parsed = await body(response);
  if (!response.ok) throw apiErrorFrom(response, parsed);
  return String((parsed as { issuer?: unknown }).issuer ?? '');
}

export async function exchangeCode(code: string, verifier: string): Promise<TokenSet> {
  const response = await send('/oidc/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: tokenRequestBody(window.location.origin, code, verifier),
  });
  const parsed = await body(response);
  const tokens = response.ok ? parseTokenResponse(parsed) : null;
  if (!tokens) {
    const p = parsed as { error?: unknown; error_description?: unknown };
    throw new ApiError(
      {
        status: response.status,
        code: typeof p.error === 'string' ? p.error : 'invalid_response',
        ...(typeof p.error_description === 'string' ? { detail: p.error_description } : {}),
      },
      `HTTP ${response.status}`,
    );
  }
  return tokens;
}
