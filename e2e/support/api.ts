import { DEMO_ADMIN } from './session.ts';

/**
 * The platform's HTTP API for a test's set-up and checks: JSON in and out (a Uint8Array body
 * goes as it is), a bearer token when given; any non-2xx answer throws with its body.
 */
export function platformApi(baseUrl: string, password: string = DEMO_ADMIN.password) {
  async function call<T>(urlPath: string, init: RequestInit = {}, token?: string): Promise<T> {
    const response = await fetch(`${baseUrl}${urlPath}`, {
      ...init,
      headers: {
        ...(init.body instanceof Uint8Array ? {} : { 'content-type': 'application/json' }),
        ...(init.headers as Record<string, string> | undefined),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${init.method ?? 'GET'} ${urlPath}: ${response.status} ${text}`);
    }
    return JSON.parse(text) as T;
  }

  /** A demo account's access token (password login). */
  async function token(username: string): Promise<string> {
    const { accessToken } = await call<{ accessToken: string }>('/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username, password }),
    });
    return accessToken;
  }

  return { call, token };
}
