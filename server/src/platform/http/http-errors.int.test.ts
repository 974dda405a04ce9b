import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp({ ONECITY_BODY_LIMIT_BYTES: '65536' });
  admin = await t.login('admin');
});
afterAll(() => t.close());

async function accountCount(): Promise<number> {
  const [row] = await t.app.platform.db.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM identity_accounts`,
  );
  return row?.n ?? -1;
}

const validStaff = {
  username: 'new.staff',
  password: 'Passw0rd!',
  displayName: '新员工',
  grants: [{ role: 'handler', regionId: '310101' }],
};

describe('bad input gets a clear problem+json error and changes nothing', () => {
  it('malformed JSON', async () => {
    const before = await accountCount();
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/accounts',
      token: admin,
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "x", ',
    });
    expectProblem(response, 400, 'malformed_json');
    expect(await accountCount()).toBe(before);
  });

  it('unknown fields are refused, not ignored', async () => {
    const before = await accountCount();
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/accounts',
      token: admin,
      payload: { ...validStaff, isSuperuser: true },
    });
    const problem = expectProblem(response, 400, 'validation_failed');
    expect(problem.errors).toContainEqual({
      path: 'body.isSuperuser',
      message: 'is not an accepted field',
    });
    expect(await accountCount()).toBe(before);
  });

  it('wrong types are not coerced in bodies', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 20262026 },
    });
    const problem = expectProblem(response, 400, 'validation_failed');
    expect(problem.errors?.[0]?.path).toBe('body.password');
  });

  it('wrong types in the query string name the parameter', async () => {
    const response = await t.request({
      method: 'GET',
      url: '/api/v1/regions/locate?lat=north&lng=121.4',
      token: admin,
    });
    const problem = expectProblem(response, 400, 'validation_failed');
    expect(problem.detail).toContain('querystring.lat');
  });

  it('missing required fields', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin' },
    });
    expect(expectProblem(response, 400, 'validation_failed').errors).toContainEqual({
      path: 'body.password',
      message: 'is required',
    });
  });

  it('oversize bodies get 413', async () => {
    const before = await accountCount();
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/accounts',
      token: admin,
      payload: { ...validStaff, displayName: 'x'.repeat(100_000) },
    });
    expectProblem(response, 413, 'body_too_large');
    expect(await accountCount()).toBe(before);
  });

  it('a body that is not JSON gets 415', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'username=admin',
    });
    expectProblem(response, 415, 'unsupported_media_type');
  });

  it('a missing token gets 401', async () => {
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/me' }), 401, 'unauthorized');
  });

  it('a forged or garbled token gets 401', async () => {
    const [header, payload] = admin.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(86)}`;
    expectProblem(
      await t.request({ method: 'GET', url: '/api/v1/me', token: forged }),
      401,
      'unauthorized',
    );
    const garbled = await t.request({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Basic YWRtaW46YWRtaW4=' },
    });
    expectProblem(garbled, 401, 'unauthorized');
  });

  it('a staff member acting outside their region subtree gets 403 and changes nothing', async () => {
    // 黄浦区's system administrator tries to rename a street of 徐汇区.
    const huangpuAdmin = await t.login('sysadmin.310101');
    const street = (
      await t.request({ method: 'GET', url: '/api/v1/regions?parent=310104&limit=1', token: admin })
    ).json<{ items: Array<{ id: string; name: string }> }>().items[0]!;
    const auditBefore = (await t.app.platform.auditLog.verify(t.app.platform.db.orm)).checked;
    const response = await t.request({
      method: 'PATCH',
      url: `/api/v1/regions/${street.id}`,
      token: huangpuAdmin,
      payload: { name: '被改的名字' },
    });
    expect(expectProblem(response, 403, 'forbidden').detail).toContain(street.id);
    const after = await t.request({
      method: 'GET',
      url: `/api/v1/regions/${street.id}`,
      token: admin,
    });
    expect(after.json<{ name: string }>().name).toBe(street.name);
    expect((await t.app.platform.auditLog.verify(t.app.platform.db.orm)).checked).toBe(auditBefore);

    // …and creating staff in 徐汇区 is refused the same way, while 黄浦区 is allowed.
    const outside = await t.request({
      method: 'POST',
      url: '/api/v1/accounts',
      token: huangpuAdmin,
      payload: {
        ...validStaff,
        username: 'outside.staff',
        grants: [{ role: 'handler', regionId: '310104' }],
      },
    });
    expectProblem(outside, 403, 'forbidden');
    const inside = await t.request({
      method: 'POST',
      url: '/api/v1/accounts',
      token: huangpuAdmin,
      payload: { ...validStaff, username: 'inside.staff' },
    });
    expect(inside.statusCode).toBe(201);
  });

  it('unknown routes are problem documents too', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/no-such-thing' });
    expectProblem(response, 404, 'route_not_found');
  });

  it('an unknown region is a 404 problem', async () => {
    const response = await t.request({
      method: 'GET',
      url: '/api/v1/regions/999999',
      token: admin,
    });
    expectProblem(response, 404, 'not_found');
  });
});

describe('platform endpoints', () => {
  it('answers liveness, readiness and Prometheus metrics', async () => {
    expect((await t.request({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.request({ method: 'GET', url: '/readyz' })).json()).toEqual({
      status: 'ready',
    });
    const metrics = await t.request({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('onecity_http_request_duration_seconds_bucket');
    expect(metrics.body).toMatch(/onecity_http_problems_total\{code="[a-z_]+",status="\d+"\} \d+/);
  });

  it('is not ready, and says so as a problem, until prepare() finished', async () => {
    t.app.ready = false;
    try {
      expectProblem(await t.request({ method: 'GET', url: '/readyz' }), 503, 'not_ready');
      expectProblem(
        await t.request({ method: 'GET', url: '/api/v1/regions', token: admin }),
        503,
        'not_ready',
      );
    } finally {
      t.app.ready = true;
    }
  });

  it('publishes an OpenAPI 3.1 document and a docs page', async () => {
    const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/regions',
        '/api/v1/regions/locate',
        '/api/v1/regions/{id}',
      ]),
    );
    const docs = await t.request({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });
});
