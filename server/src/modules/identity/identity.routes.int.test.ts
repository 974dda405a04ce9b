import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

interface AccountBody {
  id: string;
  username: string;
  kind: string;
  phone: string | null;
  idNumber: string | null;
  assuranceLevel: string;
  roles: Array<{ role: string; regionId: string; regionName: string | null }>;
}

describe('login and tokens', () => {
  it('logs a demo account in and returns a signed token and the masked account', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'citizen.realname', password: 'OneCity@2026' },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ accessToken: string; tokenType: string; account: AccountBody }>();
    expect(body.tokenType).toBe('Bearer');
    expect(body.accessToken.split('.')).toHaveLength(3);
    expect(body.account.assuranceLevel).toBe('real-name');
    expect(body.account.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(body.account.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    const me = await t.request({ method: 'GET', url: '/api/v1/me', token: body.accessToken });
    expect(me.json<AccountBody>().username).toBe('citizen.realname');
  });

  it('publishes the verification keys as a JWKS', async () => {
    const jwks = (await t.request({ method: 'GET', url: '/.well-known/jwks.json' })).json<{
      keys: Array<{ kty: string; crv: string; alg: string; d?: string }>;
    }>();
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwks.keys[0]?.d).toBeUndefined();
  });

  it('refuses a wrong password without saying whether the user exists', async () => {
    const wrong = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'nope' },
    });
    const unknown = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody', password: 'nope' },
    });
    expect(expectProblem(wrong, 401, 'unauthorized').detail).toBe(
      expectProblem(unknown, 401, 'unauthorized').detail,
    );
  });

  it('locks an account after five failed logins', async () => {
    for (let i = 0; i < 5; i++) {
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'citizen00010', password: 'bad' },
      });
    }
    const locked = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'citizen00010', password: 'OneCity@2026' },
    });
    expectProblem(locked, 429, 'account_locked');
  });
});

describe('registration', () => {
  it('registers a citizen at the basic level and refuses the same username twice', async () => {
    const payload = {
      kind: 'citizen',
      username: 'zhang.san',
      password: 'Shanghai2026',
      displayName: '张三',
      phone: '13812345678',
      idNumber: '11010519491231002X',
    };
    const created = await t.request({ method: 'POST', url: '/api/v1/auth/register', payload });
    expect(created.statusCode).toBe(201);
    expect(created.json<AccountBody>()).toMatchObject({
      kind: 'citizen',
      assuranceLevel: 'basic',
      phone: '138****5678',
      idNumber: '110105********002X',
    });
    const again = await t.request({ method: 'POST', url: '/api/v1/auth/register', payload });
    expectProblem(again, 409, 'username_taken');
    const sameId = await t.request({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { ...payload, username: 'zhang.san2' },
    });
    expectProblem(sameId, 409, 'id_number_registered');
  });

  it('refuses weak passwords and invalid ID numbers', async () => {
    const base = { kind: 'citizen', username: 'li.si', displayName: '李四' };
    expectProblem(
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { ...base, password: 'short' },
      }),
      400,
      'weak_password',
    );
    expectProblem(
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { ...base, password: 'Shanghai2026', idNumber: '110105194912310021' },
      }),
      400,
      'invalid_id_number',
    );
  });

  it('never stores or logs the password in clear', async () => {
    const rows = await t.app.platform.db.rows<{ password_hash: string }>(
      sql`SELECT password_hash FROM identity_accounts WHERE username = 'zhang.san'`,
    );
    expect(rows[0]?.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(rows[0]?.password_hash).not.toContain('Shanghai2026');
  });
});

describe('staff accounts and region-scoped roles', () => {
  it('lists only staff within the caller’s district, with personal data masked', async () => {
    const huangpu = await t.login('sysadmin.310101');
    const list = await t.request({
      method: 'GET',
      url: '/api/v1/accounts?limit=500',
      token: huangpu,
    });
    expect(list.statusCode).toBe(200);
    const body = list.json<{ items: AccountBody[]; total: number }>();
    expect(body.total).toBeGreaterThan(100);
    for (const account of body.items) {
      expect(account.kind).toBe('staff');
      expect(account.roles.some((r) => r.regionId.startsWith('310101'))).toBe(true);
    }
    const citywide = (
      await t.request({ method: 'GET', url: '/api/v1/accounts?kind=citizen', token: admin })
    ).json<{
      items: AccountBody[];
    }>();
    expect(citywide.items.length).toBeGreaterThan(0);
  });

  it('lets a grid worker do no account administration at all', async () => {
    const worker = await t.login('gridworker.310101002001');
    expectProblem(
      await t.request({ method: 'GET', url: '/api/v1/accounts', token: worker }),
      403,
      'forbidden',
    );
  });

  it('creates staff, grants and revokes roles, and audits each change', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/accounts',
      token: admin,
      payload: {
        username: 'wang.dispatcher',
        password: 'Dispatch2026',
        displayName: '王派遣',
        departmentId: '310101.cg',
        grants: [{ role: 'dispatcher', regionId: '310101' }],
      },
    });
    expect(created.statusCode).toBe(201);
    const account = created.json<AccountBody>();
    expect(account.roles).toEqual([
      { role: 'dispatcher', regionId: '310101', regionName: '黄浦区' },
    ]);

    const granted = await t.request({
      method: 'POST',
      url: `/api/v1/accounts/${account.id}/roles`,
      token: admin,
      payload: { role: 'commander', regionId: '310101002' },
    });
    expect(granted.json<AccountBody>().roles).toHaveLength(2);
    const revoked = await t.request({
      method: 'DELETE',
      url: `/api/v1/accounts/${account.id}/roles?role=dispatcher&regionId=310101`,
      token: admin,
    });
    expect(revoked.json<AccountBody>().roles.map((r) => r.role)).toEqual(['commander']);

    const audit = await t.request({
      method: 'GET',
      url: `/api/v1/audit?targetId=${account.id}`,
      token: admin,
    });
    expect(audit.json<{ items: Array<{ action: string }> }>().items.map((e) => e.action)).toEqual([
      'identity.role.revoke',
      'identity.role.grant',
      'identity.staff.create',
    ]);
    const login = await t.login('wang.dispatcher', 'Dispatch2026');
    expect(login).toBeTruthy();
  });

  it('refuses a grant in a region that does not exist', async () => {
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/accounts',
      token: admin,
      payload: {
        username: 'ghost',
        password: 'Ghost20260',
        displayName: '幽灵',
        grants: [{ role: 'handler', regionId: '999999' }],
      },
    });
    expectProblem(response, 400, 'unknown_region');
  });

  it('lists departments per region', async () => {
    const response = await t.request({
      method: 'GET',
      url: '/api/v1/departments?regionId=310101',
      token: admin,
    });
    const names = response.json<{ items: Array<{ name: string }> }>().items.map((d) => d.name);
    expect(names).toContain('黄浦区城市管理行政执法局');
    expect(names).toContain('黄浦区市场监督管理局');
  });
});
