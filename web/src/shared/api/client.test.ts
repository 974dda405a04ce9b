import { describe, expect, it, vi } from 'vitest';
import { createApiClient, unwrap } from './client';
import { ApiError } from './problem';
import { createMemoryStorage, createTokenStore, TOKEN_STORAGE_KEY } from './token-store';

const BASE = 'http://onecity.test';

function json(status: number, body: unknown, contentType = 'application/json') {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': contentType } });
}

const account = {
  id: 'a1',
  kind: 'staff' as const,
  username: 'admin',
  displayName: '管理员',
  assuranceLevel: 'real-name' as const,
  roles: [],
};

function setup(respond: (request: Request) => Response | Promise<Response>) {
  const storage = createMemoryStorage();
  const tokenStore = createTokenStore(storage);
  const requests: Request[] = [];
  const onUnauthorized = vi.fn();
  const client = createApiClient({
    baseUrl: BASE,
    tokenStore,
    onUnauthorized,
    fetch: async (request) => {
      requests.push(request);
      return respond(request);
    },
  });
  return { client, tokenStore, storage, requests, onUnauthorized };
}

describe('API client', () => {
  it('sends the stored token as a Bearer header', async () => {
    const { client, tokenStore, requests } = setup(() => json(200, account));
    tokenStore.set('tok-123', 3600);
    await expect(unwrap(client.GET('/api/v1/me'))).resolves.toEqual(account);
    expect(requests[0]?.headers.get('Authorization')).toBe('Bearer tok-123');
  });

  it('sends no Authorization header without a session', async () => {
    const { client, requests } = setup(() => json(200, account));
    await unwrap(client.GET('/api/v1/me'));
    expect(requests[0]?.headers.has('Authorization')).toBe(false);
  });

  it('ends the session on a 401 from a protected endpoint', async () => {
    const { client, tokenStore, onUnauthorized } = setup(() =>
      json(
        401,
        { title: 'Unauthorized', status: 401, detail: 'token expired', code: 'unauthorized' },
        'application/problem+json',
      ),
    );
    tokenStore.set('stale', 3600);
    const failure = unwrap(
      client.GET('/api/v1/regions', {
        params: { query: { level: 'district', limit: 50, offset: 0 } },
      }),
    );
    await expect(failure).rejects.toMatchObject({
      status: 401,
      code: 'unauthorized',
      message: 'token expired',
    });
    expect(tokenStore.get()).toBeNull();
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('treats a 401 from the login endpoint as wrong credentials, not an expired session', async () => {
    const { client, onUnauthorized } = setup(() =>
      json(
        401,
        {
          type: 'about:blank',
          title: 'Unauthorized',
          status: 401,
          detail: '用户名或密码错误',
          code: 'invalid_credentials',
        },
        'application/problem+json',
      ),
    );
    const failure = unwrap(
      client.POST('/api/v1/auth/login', { body: { username: 'admin', password: 'wrong' } }),
    );
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({
      message: '用户名或密码错误',
      code: 'invalid_credentials',
    });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('posts credentials as JSON', async () => {
    const { client, requests } = setup(() =>
      json(200, { accessToken: 't', tokenType: 'Bearer', expiresIn: 3600, account }),
    );
    await unwrap(
      client.POST('/api/v1/auth/login', { body: { username: 'admin', password: 'pw' } }),
    );
    const request = requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.headers.get('content-type')).toContain('application/json');
    expect(await request?.json()).toEqual({ username: 'admin', password: 'pw' });
  });

  it('serialises query parameters and path ids', async () => {
    const { client, requests } = setup((request) =>
      request.url.includes('/locate')
        ? json(200, { grid: null, street: null, district: null })
        : json(200, {}),
    );
    await unwrap(
      client.GET('/api/v1/regions/locate', { params: { query: { lat: 31.23, lng: 121.47 } } }),
    );
    await unwrap(client.GET('/api/v1/regions/{id}', { params: { path: { id: '310101' } } }));
    expect(requests[0]?.url).toBe(`${BASE}/api/v1/regions/locate?lat=31.23&lng=121.47`);
    expect(requests[1]?.url).toBe(`${BASE}/api/v1/regions/310101`);
  });

  it('turns a problem+json 404 into an ApiError without ending the session', async () => {
    const { client, tokenStore, onUnauthorized } = setup(() =>
      json(
        404,
        { title: 'Not Found', status: 404, detail: '该位置不在本市范围内', code: 'outside_city' },
        'application/problem+json',
      ),
    );
    tokenStore.set('tok', 3600);
    await expect(
      unwrap(client.GET('/api/v1/regions/locate', { params: { query: { lat: 0, lng: 0 } } })),
    ).rejects.toMatchObject({ status: 404, code: 'outside_city', message: '该位置不在本市范围内' });
    expect(tokenStore.get()).toBe('tok');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('reports a refused connection as a network error', async () => {
    const { client } = setup(() => {
      throw new TypeError('fetch failed');
    });
    await expect(unwrap(client.GET('/api/v1/me'))).rejects.toMatchObject({
      code: 'network_error',
      status: 0,
    });
  });
});

describe('token store', () => {
  it('forgets a token once it has expired', () => {
    let now = 1_000_000;
    const storage = createMemoryStorage();
    const store = createTokenStore(storage, () => now);
    store.set('tok', 60);
    now += 59_000;
    expect(store.get()).toBe('tok');
    now += 1_000;
    expect(store.get()).toBeNull();
    expect(storage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
  });

  it('treats unreadable stored data as no session', () => {
    const storage = createMemoryStorage();
    storage.setItem(TOKEN_STORAGE_KEY, '{not json');
    expect(createTokenStore(storage).get()).toBeNull();
    storage.setItem(TOKEN_STORAGE_KEY, JSON.stringify({ token: 5, expiresAt: 'later' }));
    expect(createTokenStore(storage).get()).toBeNull();
  });

  it('clears the session', () => {
    const store = createTokenStore(createMemoryStorage());
    store.set('tok', 60);
    store.clear();
    expect(store.get()).toBeNull();
  });
});
