import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/auth/actor.ts';
import { expectProblem, startTestApp, type TestApp } from '../../../test/support/test-app.ts';

const SECRET = 'broker-secret-0123456789';
let t: TestApp;
let token = '';

beforeAll(async () => {
  t = await startTestApp({ ONECITY_MQTT_AUTH_SECRET: SECRET });
  const street = t.app.regions.children('310101')[0]!;
  const [lng, lat] = t.app.regions.get(street.id).centroid;
  token = (
    await t.app.iot.registry.create(systemActor, {
      name: '外部代理-广告牌',
      productId: 'billboard-tilt',
      location: { lng, lat },
    })
  ).token;
});
afterAll(() => t.close());

const ask = (path: 'auth' | 'acl', payload: unknown, secret: string | null = SECRET) =>
  t.request({
    method: 'POST',
    url: `/api/v1/mqtt/${path}`,
    headers: {
      'content-type': 'application/json',
      ...(secret === null ? {} : { 'x-broker-secret': secret }),
    },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

describe('external broker authentication (EMQX HTTP, mosquitto-go-auth)', () => {
  it('lets a device token connect with the topics it may publish to; leaves other usernames', async () => {
    const device = await ask('auth', { username: token, password: '', clientid: 'bb-1' });
    expect(device.statusCode).toBe(200);
    expect(device.json()).toEqual({
      result: 'allow',
      ok: true,
      error: '',
      is_superuser: false,
      acl: [
        { permission: 'allow', action: 'publish', topic: `v1/devices/${token}/telemetry` },
        { permission: 'allow', action: 'publish', topic: `v1/devices/${token}/attributes` },
        { permission: 'deny', action: 'all', topic: '#' },
      ],
    });
    const other = await ask('auth', { username: 'onecity-ingest', password: 'x' });
    expect(other.json()).toMatchObject({ result: 'ignore', ok: false, is_superuser: false });
    expect(other.json()).not.toHaveProperty('acl');
  });

  it('lets a device publish only to its own topics', async () => {
    const result = async (body: object) => (await ask('acl', { username: token, ...body })).json();
    expect(await result({ topic: `v1/devices/${token}/telemetry`, action: 'publish' })).toEqual({
      result: 'allow',
      ok: true,
      error: '',
    });
    expect(await result({ topic: `v1/devices/${token}/attributes`, acc: 2 })).toMatchObject({
      result: 'allow',
    });
    expect(
      await result({ topic: 'v1/devices/someone-else/telemetry', action: 'publish' }),
    ).toMatchObject({ result: 'deny', ok: false });
    expect(await result({ topic: 'v1/devices/+/telemetry', action: 'subscribe' })).toMatchObject({
      result: 'deny',
    });
    const ingest = await ask('acl', {
      username: 'onecity-ingest',
      topic: '$share/onecity-ingest/v1/devices/+/telemetry',
      acc: 4,
    });
    expect(ingest.json()).toMatchObject({ result: 'ignore' });
  });

  it('refuses a caller without the broker secret, and malformed questions', async () => {
    expectProblem(await ask('auth', { username: token }, null), 403, 'forbidden');
    expectProblem(
      await ask('acl', { username: token, topic: 't', acc: 2 }, 'wrong'),
      403,
      'forbidden',
    );
    expectProblem(await ask('auth', '{"username":'), 400, 'malformed_json');
    expectProblem(await ask('auth', { username: 42 }), 400, 'validation_failed');
    expectProblem(await ask('acl', { username: token, topic: 't' }), 400, 'validation_failed');
    expectProblem(
      await ask('acl', { username: token, topic: 't', acc: 9 }),
      400,
      'validation_failed',
    );
  });
});
