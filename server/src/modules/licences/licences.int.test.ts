import { sql } from 'drizzle-orm';
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/auth/actor.ts';
import { expectProblem, startTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { waitFor } from '../../../test/support/test-platform.ts';
import { apply } from '../services/services.test-support.ts';

let t: TestApp;
let citizen: string;
let ga: string;

interface LicenceBody {
  id: string;
  number: string;
  type: string;
  status: string;
  version: number;
  qrPayload: string;
  jws: string;
  holderIdentifier: string | null;
  departmentName: string;
}

interface VerifyBody {
  valid: boolean;
  reason: string | null;
  licence: { number: string; status: string; holderName: string } | null;
}

beforeAll(async () => {
  t = await startTestApp();
  citizen = await t.login('citizen.realperson');
  ga = await t.login('reviewer.310101.ga');
});
afterAll(() => t.close());

async function mine(token = citizen): Promise<LicenceBody[]> {
  const response = await t.request({ method: 'GET', url: '/api/v1/licences/mine', token });
  expect(response.statusCode).toBe(200);
  return response.json<{ items: LicenceBody[] }>().items;
}

const verify = async (token: string) =>
  (
    await t.request({ method: 'POST', url: '/api/v1/licences/verify', payload: { token } })
  ).json<VerifyBody>();

describe('the e-licence library', () => {
  it('holders see their licences with a QR payload; the ID number is masked', async () => {
    const licences = await mine();
    expect(licences.map((l) => l.type).sort()).toEqual(['drivers_licence', 'household_register']);
    const household = licences.find((l) => l.type === 'household_register')!;
    expect(household.qrPayload).toBe(household.jws);
    expect(household.holderIdentifier).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(household.departmentName).toBe('黄浦区公安分局');
    // Nobody else reads it.
    const other = await t.request({
      method: 'GET',
      url: `/api/v1/licences/${household.id}`,
      token: await t.login('citizen.realname'),
    });
    expectProblem(other, 404, 'not_found');
  });

  it('publishes its keys as JWKS: anyone verifies a licence offline with a standard library', async () => {
    const jwks = (await t.request({ method: 'GET', url: '/api/v1/licences/keys' })).json<{
      keys: Array<{ kty: string; crv: string; alg: string; kid: string }>;
    }>();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    const [household] = await mine();
    const { payload } = await compactVerify(household!.qrPayload, createLocalJWKSet(jwks as never));
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({
      no: household!.number,
      iss: 'onecity',
    });
    expect((await verify(household!.qrPayload)).valid).toBe(true);
  });

  it('a forged licence fails verification: altered content, another key, garbage', async () => {
    const [licence] = await mine();
    const [h, p, s] = licence!.jws.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const altered = Buffer.from(JSON.stringify({ ...claims, hn: '冒名顶替' })).toString(
      'base64url',
    );
    expect(await verify(`${h}.${altered}.${s}`)).toMatchObject({
      valid: false,
      reason: 'bad_signature',
      licence: null,
    });
    const header = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: 'lic-someone-else' })).toString(
      'base64url',
    );
    expect(await verify(`${header}.${p}.${s}`)).toMatchObject({
      valid: false,
      reason: 'unknown_key',
    });
    expect(await verify('这不是证照')).toMatchObject({ valid: false, reason: 'malformed' });
    expectProblem(
      await t.request({ method: 'POST', url: '/api/v1/licences/verify', payload: { token: '' } }),
      400,
      'validation_failed',
    );
  });

  it('an expired licence fails verification, online and offline', async () => {
    const holder = (await t.request({ method: 'GET', url: '/api/v1/me', token: citizen })).json<{
      id: string;
      displayName: string;
    }>();
    const expired = await t.app.licences.service.issue(systemActor, {
      type: 'residence_permit',
      holder: { id: holder.id, kind: 'citizen', name: holder.displayName, identifier: null },
      fields: { address: '上海市黄浦区瑞金二路 150 弄 6 号' },
      department: { id: '310101.ga', name: '黄浦区公安分局', code: 'ga', regionId: '310101' },
      districtId: '310101',
      validFrom: new Date('2024-01-01T00:00:00Z'),
      validUntil: new Date('2025-01-01T00:00:00Z'),
    });
    expect(await verify(expired.jws)).toMatchObject({
      valid: false,
      reason: 'expired',
      licence: { status: 'expired' },
    });
    expect((await mine()).find((l) => l.id === expired.id)?.status).toBe('expired');
    // An expired licence is not offered for attachment, and is refused if named anyway.
    const prefill = (
      await t.request({
        method: 'GET',
        url: '/api/v1/services/prefill?kind=item&id=residence-points',
        token: citizen,
      })
    ).json<{ materials: Array<{ key: string; licences: unknown[] }> }>();
    expect(prefill.materials).toEqual([{ key: 'residence_permit', licences: [] }]);
    const response = await apply(t, citizen, {
      target: { kind: 'item', id: 'residence-points' },
      form: {},
      materials: { residence_permit: { licenceId: expired.id, consent: true } },
      submit: false,
    });
    expect(expectProblem(response, 422, 'application_invalid').errors).toEqual([
      { path: '/materials/residence_permit/licenceId', message: '证照已过期' },
    ]);
  });

  it('a revoked licence fails online verification at once and is on the signed revocation list', async () => {
    const licence = (await mine()).find((l) => l.type === 'drivers_licence')!;
    expect((await verify(licence.qrPayload)).valid).toBe(true);
    const revoke = (token: string, version = licence.version) =>
      t.request({
        method: 'POST',
        url: `/api/v1/licences/${licence.id}/revoke`,
        token,
        payload: { reason: '驾驶证被吊销', version },
      });
    // Only the issuing department (or an administrator) revokes.
    expectProblem(await revoke(await t.login('reviewer.310101.scjg')), 403, 'forbidden');
    expectProblem(await revoke(citizen), 403, 'forbidden');
    expectProblem(await revoke(ga, licence.version + 1), 409, 'version_conflict');
    const revoked = await revoke(ga);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json<LicenceBody>().status).toBe('revoked');
    expectProblem(await revoke(ga, licence.version + 1), 409, 'already_revoked');

    expect(await verify(licence.qrPayload)).toMatchObject({
      valid: false,
      reason: 'revoked',
      licence: { status: 'revoked' },
    });
    // Offline, the signature still holds: the verifier needs the revocation list, which is signed.
    const list = (await t.request({ method: 'GET', url: '/api/v1/licences/revocations' })).json<{
      revoked: Array<{ id: string; reason: string }>;
      jws: string;
    }>();
    expect(list.revoked).toContainEqual(
      expect.objectContaining({ id: licence.id, reason: '驾驶证被吊销' }),
    );
    const jwks = (await t.request({ method: 'GET', url: '/api/v1/licences/keys' })).json();
    const { payload } = await compactVerify(list.jws, createLocalJWKSet(jwks as never));
    expect(JSON.parse(new TextDecoder().decode(payload)).revoked).toContain(licence.id);
    // And it can no longer be attached to an application.
    const response = await apply(t, citizen, {
      target: { kind: 'item', id: 'drivers-licence-renewal' },
      form: {},
      materials: { drivers_licence: { licenceId: licence.id, consent: true } },
      submit: false,
    });
    expect(expectProblem(response, 422, 'application_invalid').errors).toEqual([
      { path: '/materials/drivers_licence/licenceId', message: '证照已撤销' },
    ]);
  });

  it('departments issue the types they issue, to holders of the right kind', async () => {
    const scjg = await t.login('reviewer.310101.scjg');
    const holder = (
      await t.request({ method: 'GET', url: '/api/v1/me', token: await t.login('enterprise') })
    ).json<{ id: string }>();
    const body = {
      type: 'outdoor_ad_permit',
      holderId: holder.id,
      fields: {
        enterpriseName: '上海一城示范餐饮有限公司',
        siteAddress: '南京东路 299 号',
        signArea: 6,
        unknownField: 'x',
      },
    };
    expectProblem(
      await t.request({ method: 'POST', url: '/api/v1/licences', token: scjg, payload: body }),
      403,
      'forbidden',
    );
    const lhsr = await t.login('reviewer.310101.lhsr');
    const issued = await t.request({
      method: 'POST',
      url: '/api/v1/licences',
      token: lhsr,
      payload: body,
    });
    expect(issued.statusCode).toBe(201);
    expect(
      issued.json<{ fields: Array<{ key: string }>; number: string; departmentName: string }>(),
    ).toMatchObject({
      number: expect.stringMatching(/^HWGG310101\d{7}$/),
      departmentName: '黄浦区绿化和市容管理局',
    });
    expect(issued.json<{ fields: Array<{ key: string }> }>().fields.map((f) => f.key)).toEqual([
      'enterpriseName',
      'siteAddress',
      'signArea',
    ]);
    const toPerson = await t.request({
      method: 'POST',
      url: '/api/v1/licences',
      token: lhsr,
      payload: {
        ...body,
        holderId: (await t.request({ method: 'GET', url: '/api/v1/me', token: citizen })).json<{
          id: string;
        }>().id,
      },
    });
    expectProblem(toPerson, 422, 'wrong_holder_kind');
    // Staff of the district see what was issued there; a reviewer elsewhere does not.
    const list = (
      await t.request({
        method: 'GET',
        url: '/api/v1/licences?type=outdoor_ad_permit',
        token: lhsr,
      })
    ).json<{ total: number }>();
    expect(list.total).toBe(1);
    const elsewhere = (
      await t.request({
        method: 'GET',
        url: '/api/v1/licences?type=outdoor_ad_permit',
        token: await t.login('reviewer.310104.lhsr'),
      })
    ).json<{ total: number }>();
    expect(elsewhere.total).toBe(0);
    // The inspection list saw every issued licence (its inbox), and a non-food licence puts
    // nobody on it.
    await waitFor(async () => {
      const [row] = await t.app.platform.db.rows<{ issued: number; seen: number }>(
        sql`SELECT (SELECT count(*)::int FROM platform_outbox WHERE type LIKE 'licences.licence.%') AS issued,
                   (SELECT count(*)::int FROM platform_inbox WHERE consumer = 'inspections.licences') AS seen`,
      );
      return row!.issued > 0 && row!.seen === row!.issued;
    });
    expect((await t.app.inspections.list({})).items).toEqual([]);
  });
});
