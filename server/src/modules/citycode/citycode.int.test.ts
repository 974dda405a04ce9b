import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OneCity } from '../../app.ts';
import { systemActor } from '../../platform/auth/actor.ts';
import { expectProblem, startTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { testLogger } from '../../../test/support/test-platform.ts';
import { DEMO_SCANNER_SECRET } from './demo-citycode.ts';

let t: TestApp;
let admin: string;
let realname: string;
let realperson: string;
let restarted: OneCity | null = null;

const clinicKey = `clinic-ruijin-01.${DEMO_SCANNER_SECRET}`;
const poolKey = `pool-oriental-01.${DEMO_SCANNER_SECRET}`;

interface Issued {
  code: string;
  offlineCode: string;
  issuedAt: string;
  expiresAt: string;
  refreshInSeconds: number;
}
interface Answer {
  scanId: string;
  decision: 'allow' | 'deny';
  reason: string | null;
  rule: string | null;
  scene: { id: string; type: string };
  fields: Record<string, unknown> | null;
}

beforeAll(async () => {
  t = await startTestApp({}, { onDisk: true });
  admin = await t.login('admin');
  realname = await t.login('citizen.realname');
  realperson = await t.login('citizen.realperson');
});
afterAll(async () => {
  if (restarted) {
    await restarted.close();
    await t.env.cleanup();
  } else {
    await t.close();
  }
});

async function issue(token: string): Promise<Issued> {
  const response = await t.request({ method: 'POST', url: '/api/v1/citycode/codes', token });
  expect(response.statusCode).toBe(201);
  return response.json<Issued>();
}

function scan(key: string | undefined, code: unknown) {
  return t.request({
    method: 'POST',
    url: '/api/v1/citycode/scans',
    headers: key ? { 'x-scanner-key': key } : {},
    payload: { code },
  });
}

async function decide(key: string, code: string): Promise<Answer> {
  let response = await scan(key, code);
  // The demo scanners take 10 scans a second; like a real scanner, wait as told and retry.
  while (response.statusCode === 429) {
    await new Promise((r) => setTimeout(r, response.json<{ retryAfterMs: number }>().retryAfterMs));
    response = await scan(key, code);
  }
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Answer>();
}

async function registerScanner(body: Record<string, unknown>) {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/citycode/scanners',
    token: admin,
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ scanner: { id: string }; key: string }>();
}

async function accountId(token: string): Promise<string> {
  return (await t.request({ method: 'GET', url: '/api/v1/me', token })).json<{ id: string }>().id;
}

describe('issuing the city code', () => {
  it('gives a real-name citizen a short-lived code that holds no personal data', async () => {
    const first = await issue(realname);
    const second = await issue(realname);
    expect(first.code).toMatch(/^OC1\./);
    expect(first.offlineCode).toMatch(/^OC2\./);
    expect(first.refreshInSeconds).toBe(60);
    expect(Date.parse(first.expiresAt) - Date.parse(first.issuedAt)).toBe(60_000);
    const me = (await t.request({ method: 'GET', url: '/api/v1/me', token: realname })).json<{
      id: string;
      displayName: string;
      phone: string | null;
    }>();
    for (const code of [first.code, first.offlineCode]) {
      expect(code).not.toContain(me.id);
      expect(code).not.toContain(me.id.replace(/-/g, ''));
      expect(code).not.toContain(me.displayName);
    }
    // Two codes of one person share nothing that links them.
    const [, ref1, , nonce1] = first.code.split('.');
    const [, ref2, , nonce2] = second.code.split('.');
    expect(ref1).not.toBe(ref2);
    expect(nonce1).not.toBe(nonce2);
  });

  it('refuses unverified citizens, staff and anonymous callers', async () => {
    const basic = await t.login('citizen');
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/citycode/codes',
      token: basic,
    });
    expectProblem(response, 403, 'assurance_required');
    expectProblem(
      await t.request({ method: 'POST', url: '/api/v1/citycode/codes', token: admin }),
      403,
      'citizens_only',
    );
    expectProblem(
      await t.request({ method: 'POST', url: '/api/v1/citycode/codes' }),
      401,
      'unauthorized',
    );
  });

  it('publishes the keys that verify offline codes, and they verify one', async () => {
    const jwks = (await t.request({ method: 'GET', url: '/api/v1/citycode/keys' })).json<{
      keys: Array<{ kid: string; kty: string; crv: string; x: string }>;
    }>();
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    const { offlineCode } = await issue(realname);
    const [, kid, , , exp] = offlineCode.split('.');
    const jwk = jwks.keys.find((k) => k.kid === kid)!;
    const key = crypto.createPublicKey({
      key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x },
      format: 'jwk',
    });
    const cut = offlineCode.lastIndexOf('.');
    expect(
      crypto.verify(
        null,
        Buffer.from(offlineCode.slice(0, cut)),
        key,
        Buffer.from(offlineCode.slice(cut + 1), 'base64url'),
      ),
    ).toBe(true);
    expect(Number(exp) * 1000).toBeGreaterThan(Date.now());
  });
});

describe('scanning', () => {
  it('allows an insured holder at the clinic and shows only the clinic fields', async () => {
    const { code } = await issue(realname);
    const answer = await decide(clinicKey, code);
    expect(answer).toMatchObject({
      decision: 'allow',
      reason: null,
      scene: { id: 'clinic-ruijin' },
    });
    expect(Object.keys(answer.fields!).sort()).toEqual([
      'age',
      'insured',
      'medicalInsuranceNo',
      'name',
    ]);
    expect(answer.fields!.insured).toBe(true);
  });

  it('accepts the offline form online too', async () => {
    const { offlineCode } = await issue(realname);
    expect((await decide(clinicKey, offlineCode)).decision).toBe('allow');
  });

  it('denies a holder who does not meet the scene rule, naming the rule', async () => {
    const { code } = await issue(realperson);
    const answer = await decide(poolKey, code);
    expect(answer).toMatchObject({
      decision: 'deny',
      reason: 'not_eligible',
      rule: 'healthCertificateValid',
      fields: null,
    });
  });

  it('denies forged codes', async () => {
    const { code, offlineCode } = await issue(realname);
    const parts = code.split('.');
    const otherHolder = (await issue(realperson)).code.split('.')[1];
    const forged = [
      [parts[0], otherHolder, parts[2], parts[3], parts[4]].join('.'),
      [parts[0], parts[1], String(Number(parts[2]) + 1), parts[3], parts[4]].join('.'),
      [...parts.slice(0, 4), crypto.randomBytes(16).toString('base64url')].join('.'),
      offlineCode.replace(/\.[\w-]{86}$/, `.${crypto.randomBytes(64).toString('base64url')}`),
    ];
    for (const candidate of forged) {
      const answer = await decide(clinicKey, candidate);
      expect(answer, candidate).toMatchObject({ decision: 'deny', reason: 'forged', fields: null });
    }
  });

  it('denies an expired code', async () => {
    const actor = await t.app.identity.authenticate(realname);
    const old = await t.app.citycode.issuer.issue(actor, Date.now() - 120_000);
    expect(await decide(clinicKey, old.code)).toMatchObject({
      decision: 'deny',
      reason: 'expired',
    });
    expect(await decide(clinicKey, old.offlineCode)).toMatchObject({ reason: 'expired' });
  });

  it('accepts a code once per scanner: a replay is denied, another scanner may accept it', async () => {
    const { code, offlineCode } = await issue(realname);
    expect((await decide(clinicKey, code)).decision).toBe('allow');
    expect(await decide(clinicKey, code)).toMatchObject({ decision: 'deny', reason: 'replayed' });
    // The offline form of the same issuance is the same code.
    expect(await decide(clinicKey, offlineCode)).toMatchObject({ reason: 'replayed' });
    const desk2 = await registerScanner({ sceneId: 'clinic-ruijin', name: 'Desk 2' });
    expect((await decide(desk2.key, code)).decision).toBe('allow');
  });

  it('replays racing in one batch: exactly one allow', async () => {
    const { code } = await issue(realname);
    const answers = await Promise.all(Array.from({ length: 5 }, () => decide(clinicKey, code)));
    expect(answers.filter((a) => a.decision === 'allow')).toHaveLength(1);
    expect(answers.filter((a) => a.reason === 'replayed')).toHaveLength(4);
  });

  it('denies malformed codes and refuses malformed requests', async () => {
    for (const code of ['hello', 'OC1.', 'OC1.a.b.c.d', '随申码', 'OC2.x']) {
      expect(await decide(clinicKey, code)).toMatchObject({
        decision: 'deny',
        reason: 'malformed',
      });
    }
    expectProblem(await scan(clinicKey, 42), 400, 'validation_failed');
    expectProblem(await scan(clinicKey, 'x'.repeat(600)), 400, 'validation_failed');
    const extra = await t.request({
      method: 'POST',
      url: '/api/v1/citycode/scans',
      headers: { 'x-scanner-key': clinicKey },
      payload: { code: 'hello', holder: 'me' },
    });
    expectProblem(extra, 400, 'validation_failed');
  });

  it('refuses unknown, unauthenticated and disabled scanners', async () => {
    const { code } = await issue(realname);
    expectProblem(await scan(undefined, code), 401, 'scanner_unauthorized');
    expectProblem(await scan('clinic-ruijin-01.wrong-secret', code), 401, 'scanner_unauthorized');
    expectProblem(
      await scan(`no-such-scanner.${DEMO_SCANNER_SECRET}`, code),
      401,
      'scanner_unauthorized',
    );
    expectProblem(await scan('garbage', code), 401, 'scanner_unauthorized');
    // A staff token is no scanner key.
    const staff = await t.request({
      method: 'POST',
      url: '/api/v1/citycode/scans',
      token: admin,
      payload: { code },
    });
    expectProblem(staff, 401, 'scanner_unauthorized');
    const { scanner, key } = await registerScanner({ sceneId: 'venue-expo', name: 'Gate 9' });
    expect((await decide(key, code)).decision).toBe('allow');
    const disabled = await t.request({
      method: 'PATCH',
      url: `/api/v1/citycode/scanners/${scanner.id}`,
      token: admin,
      payload: { status: 'disabled' },
    });
    expect(disabled.statusCode).toBe(200);
    expectProblem(await scan(key, (await issue(realname)).code), 403, 'scanner_disabled');
  });

  it('gives a rotated key and refuses the old one', async () => {
    const { scanner, key } = await registerScanner({ sceneId: 'bus-71', name: 'Bus 71-0042' });
    const rotated = await t.request({
      method: 'PATCH',
      url: `/api/v1/citycode/scanners/${scanner.id}`,
      token: admin,
      payload: { rotateKey: true },
    });
    const newKey = rotated.json<{ key: string }>().key;
    expect(newKey).not.toBe(key);
    const { code } = await issue(realname);
    expectProblem(await scan(key, code), 401, 'scanner_unauthorized');
    expect((await decide(newKey, code)).decision).toBe('allow');
  });

  it('rate-limits each scanner on its own', async () => {
    const slow = await registerScanner({
      sceneId: 'metro-line-2',
      name: 'Gate slow',
      ratePerSecond: 0.5,
      burst: 2,
    });
    const { code } = await issue(realname);
    expect((await scan(slow.key, code)).statusCode).toBe(200);
    expect((await scan(slow.key, code)).statusCode).toBe(200);
    const limited = await scan(slow.key, code);
    expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Other scanners are not affected.
    expect((await scan(clinicKey, (await issue(realname)).code)).statusCode).toBe(200);
  });
});

describe('scene configuration', () => {
  it('refuses a scene that asks for more data than its type may see', async () => {
    const create = (payload: Record<string, unknown>) =>
      t.request({ method: 'POST', url: '/api/v1/citycode/scenes', token: admin, payload });
    const tooMuch = expectProblem(
      await create({
        id: 'pool-greedy',
        type: 'pool',
        name: 'Greedy pool',
        rules: [],
        fields: ['maskedName', 'name', 'medicalInsuranceNo'],
      }),
      400,
      'field_not_allowed',
    );
    expect(tooMuch.detail).toContain('name, medicalInsuranceNo');
    expectProblem(
      await create({
        id: 'metro-nosy',
        type: 'transit',
        name: 'Nosy gate',
        rules: [{ attribute: 'insured', equals: true }],
        fields: [],
      }),
      400,
      'rule_not_allowed',
    );
    expectProblem(
      await create({ id: 'x-1', type: 'pool', name: 'x', rules: [], fields: ['idNumber'] }),
      400,
      'validation_failed',
    );
    // Widening an existing scene is refused the same way, and nothing changes.
    const pool = (
      await t.request({ method: 'GET', url: '/api/v1/citycode/scenes/pool-oriental', token: admin })
    ).json<{ version: number; fields: string[] }>();
    expectProblem(
      await t.request({
        method: 'PATCH',
        url: '/api/v1/citycode/scenes/pool-oriental',
        token: admin,
        payload: { version: pool.version, fields: [...pool.fields, 'age'] },
      }),
      400,
      'field_not_allowed',
    );
    const after = (
      await t.request({ method: 'GET', url: '/api/v1/citycode/scenes/pool-oriental', token: admin })
    ).json<{ version: number; fields: string[] }>();
    expect(after).toMatchObject({ version: pool.version, fields: pool.fields });
  });

  it('is for admins only', async () => {
    expectProblem(
      await t.request({ method: 'GET', url: '/api/v1/citycode/scenes', token: realname }),
      403,
      'forbidden',
    );
    expectProblem(
      await t.request({
        method: 'POST',
        url: '/api/v1/citycode/scanners',
        token: realname,
        payload: { sceneId: 'bus-71', name: 'mine' },
      }),
      403,
      'forbidden',
    );
  });

  it('applies a changed rule to the next scan', async () => {
    const venue = (
      await t.request({ method: 'GET', url: '/api/v1/citycode/scenes/venue-expo', token: admin })
    ).json<{ version: number }>();
    const changed = await t.request({
      method: 'PATCH',
      url: '/api/v1/citycode/scenes/venue-expo',
      token: admin,
      payload: {
        version: venue.version,
        rules: [{ attribute: 'assuranceLevel', atLeast: 'real-person' }],
      },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const { scanner, key } = await registerScanner({ sceneId: 'venue-expo', name: 'Gate 10' });
    expect(scanner.id).toMatch(/^scn-/);
    expect(await decide(key, (await issue(realname)).code)).toMatchObject({
      decision: 'deny',
      rule: 'assuranceLevel',
    });
    expect((await decide(key, (await issue(realperson)).code)).decision).toBe('allow');
  });
});

describe('the scan log', () => {
  it('has the scan in the database before the answer arrives', async () => {
    const { code } = await issue(realname);
    const answer = await decide(clinicKey, code);
    const rows = await t.app.platform.db.rows<{ decision: string; account_id: string }>(
      sql`SELECT decision, account_id FROM citycode_scans WHERE id = ${answer.scanId}`,
    );
    expect(rows).toEqual([{ decision: 'allow', account_id: await accountId(realname) }]);
  });

  it('shows holders where their code was scanned, newest first, paged', async () => {
    const page = (
      await t.request({
        method: 'GET',
        url: '/api/v1/citycode/scans/mine?limit=3',
        token: realname,
      })
    ).json<{
      items: Array<{
        decision: string;
        scene: { id: string; name: string };
        scanner: { name: string };
      }>;
      total: number;
      limit: number;
    }>();
    expect(page.total).toBeGreaterThan(5);
    expect(page.items).toHaveLength(3);
    expect(page.items[0]).toMatchObject({
      decision: 'allow',
      scene: { id: 'clinic-ruijin', name: '瑞金医院门诊挂号' },
      scanner: { name: '瑞金医院门诊挂号 1号' },
    });
    // Another holder sees only their own.
    const other = (
      await t.request({ method: 'GET', url: '/api/v1/citycode/scans/mine', token: realperson })
    ).json<{ items: Array<{ scene: { id: string } }> }>();
    expect(other.items.every((s) => s.scene.id !== 'clinic-ruijin')).toBe(true);
  });

  it('counts scans per scene and minute for the big screen', async () => {
    const stats = (
      await t.request({ method: 'GET', url: '/api/v1/citycode/stats?minutes=5', token: admin })
    ).json<{
      scenes: Array<{ sceneId: string; allowed: number; denied: number; perMinute: unknown[] }>;
    }>();
    const clinic = stats.scenes.find((s) => s.sceneId === 'clinic-ruijin')!;
    expect(clinic.allowed).toBeGreaterThanOrEqual(5);
    expect(clinic.denied).toBeGreaterThanOrEqual(5);
    expect(clinic.perMinute).toHaveLength(5);
    const logged = await t.app.platform.db.rows<{ allowed: number; denied: number }>(
      sql`SELECT count(*) FILTER (WHERE decision = 'allow')::int AS allowed,
                 count(*) FILTER (WHERE decision = 'deny')::int AS denied
            FROM citycode_scans WHERE scene_id = 'clinic-ruijin'`,
    );
    expect(clinic).toMatchObject(logged[0]!);
    expectProblem(
      await t.request({ method: 'GET', url: '/api/v1/citycode/stats', token: realname }),
      403,
      'forbidden',
    );
  });

  it('publishes the log’s figures at /metrics: scans by decision, batch sizes and commit times', async () => {
    const text = (await t.request({ method: 'GET', url: '/metrics' })).body;
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    const logged = await t.app.platform.db.rows<{ allowed: number; denied: number }>(
      sql`SELECT count(*) FILTER (WHERE decision = 'allow')::int AS allowed,
                 count(*) FILTER (WHERE decision = 'deny')::int AS denied FROM citycode_scans`,
    );
    // Every scan this app logged went through the counters (the log holds nothing else).
    expect(value('onecity_citycode_scans_logged_total\\{decision="allow"\\}')).toBe(
      logged[0]!.allowed,
    );
    expect(value('onecity_citycode_scans_logged_total\\{decision="deny"\\}')).toBe(
      logged[0]!.denied,
    );
    const batches = value('onecity_citycode_scan_log_batch_scans_count');
    expect(batches).toBeGreaterThan(0);
    expect(value('onecity_citycode_scan_log_batch_scans_sum')).toBe(
      logged[0]!.allowed + logged[0]!.denied,
    );
    expect(value('onecity_citycode_scan_log_batch_seconds_count')).toBe(batches);
    expect(value('onecity_citycode_scan_log_queued')).toBe(0);
  });

  it('lists scanners with their last scan and how many scans they logged', async () => {
    await t.app.citycode.activity.flush();
    const scanners = (
      await t.request({ method: 'GET', url: '/api/v1/citycode/scanners', token: admin })
    ).json<Array<{ id: string; lastScanAt: string | null; scans: number; allowed: number }>>();
    const logged = await t.app.platform.db.rows<{ scans: number; allowed: number; last: Date }>(
      sql`SELECT count(*)::int AS scans, count(*) FILTER (WHERE decision = 'allow')::int AS allowed,
                 max(scanned_at) AS last
            FROM citycode_scans WHERE scanner_id = 'clinic-ruijin-01'`,
    );
    const clinic = scanners.find((s) => s.id === 'clinic-ruijin-01')!;
    expect(clinic.scans).toBe(logged[0]!.scans);
    expect(clinic.allowed).toBe(logged[0]!.allowed);
    expect(new Date(clinic.lastScanAt!).getTime()).toBe(new Date(logged[0]!.last).getTime());
    // A scanner that never scanned says so.
    const idle = await registerScanner({ sceneId: 'venue-expo', name: 'idle gate' });
    const listed = (
      await t.request({ method: 'GET', url: '/api/v1/citycode/scanners', token: admin })
    ).json<Array<{ id: string; lastScanAt: string | null; scans: number }>>();
    expect(listed.find((s) => s.id === idle.scanner.id)).toMatchObject({
      lastScanAt: null,
      scans: 0,
    });
  });

  it('keeps the log across a restart, with the same keys', async () => {
    const { code } = await issue(realname);
    const answer = await decide(clinicKey, code);
    const before = await t.app.citycode.scansOf(await accountId(realname), 500, 0);
    await t.app.close();
    restarted = await OneCity.create({
      config: t.env.config,
      logger: testLogger(),
      seedDemo: false,
    });
    await restarted.prepare();
    const holder = await restarted.identity.authenticate(realname);
    const after = await restarted.citycode.scansOf(holder.id, 500, 0);
    expect(after.total).toBe(before.total);
    expect(after.items.map((s) => s.id)).toContain(answer.scanId);
    // Same keys: the code issued before the restart is still recognised (as a replay here).
    const again = await restarted.http.inject({
      method: 'POST',
      url: '/api/v1/citycode/scans',
      headers: { 'x-scanner-key': clinicKey },
      payload: { code },
    });
    expect(again.json<Answer>()).toMatchObject({ decision: 'deny', reason: 'replayed' });
    expect(systemActor.kind).toBe('system');
  });
});
