import { sql } from 'drizzle-orm';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../platform/auth/actor.ts';
import { EmbeddedMqttBroker } from './embedded-broker.ts';
import { startTestApp, waitForRows, type TestApp } from './mqtt-test-support.ts';

let t: TestApp;
let url = '';

beforeAll(async () => {
  t = await startTestApp();
  const broker = t.app.mqtt;
  if (!(broker instanceof EmbeddedMqttBroker)) throw new Error('expected the embedded broker');
  url = `mqtt://127.0.0.1:${broker.port}`;
});
afterAll(() => t.close());

async function billboard(name: string) {
  const street = t.app.regions.children('310101')[0]!;
  const grid = t.app.regions.children(street.id)[0]!;
  const [lng, lat] = t.app.regions.get(grid.id).centroid;
  return t.app.iot.registry.create(systemActor, {
    name,
    productId: 'billboard-tilt',
    location: { lng, lat },
  });
}

describe('MQTT ingest through the embedded broker (ThingsBoard device API)', () => {
  it('stores QoS 1 telemetry before acknowledging it, and a rule raises iot.alert.raised', async () => {
    const admin = await t.login('admin');
    const rule = await t.request({
      method: 'POST',
      url: '/api/v1/alert-rules',
      token: admin,
      payload: {
        name: '广告牌倾斜(MQTT)',
        severity: 'major',
        productId: 'billboard-tilt',
        regionId: '310101',
        condition: { type: 'threshold', key: 'tiltX', op: '>', value: 5 },
      },
    });
    expect(rule.statusCode).toBe(201);
    const device = await billboard('MQTT广告牌-1');
    const client = await mqtt.connectAsync(url, { username: device.token, reconnectPeriod: 0 });
    const ts = Date.now();
    await client.publishAsync(
      'v1/devices/me/telemetry',
      JSON.stringify({ ts, values: { tiltX: 6.5 } }),
      { qos: 1 },
    );
    // The PUBACK came back: the reading must be stored already.
    const rows = await t.app.platform.db.rows<{ num: number }>(
      sql`SELECT num FROM iot_telemetry WHERE device_id = ${device.id} AND key = 'tiltX'`,
    );
    expect(rows).toEqual([{ num: 6.5 }]);
    const raised = await waitForRows(
      t,
      sql`SELECT payload FROM platform_outbox WHERE type = 'iot.alert.raised'`,
    );
    expect(raised[0]).toMatchObject({ payload: { deviceId: device.id, reason: 'tiltX 6.5 > 5' } });
    // A malformed payload is acknowledged and counted, not stored, and the session stays usable.
    await client.publishAsync('v1/devices/me/telemetry', '{"tiltX": ', { qos: 1 });
    await client.publishAsync(
      'v1/devices/me/telemetry',
      JSON.stringify({ ts: ts + 1, values: { tiltX: 1 } }),
      { qos: 1 },
    );
    const after = await t.app.platform.db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM iot_telemetry WHERE device_id = ${device.id}`,
    );
    expect(after[0]?.n).toBe(2);
    await client.endAsync();
  });

  it('refuses a connection with an unknown token', async () => {
    await expect(
      mqtt.connectAsync(url, {
        username: 'not-a-device-token',
        reconnectPeriod: 0,
        connectTimeout: 3000,
      }),
    ).rejects.toThrow(/Bad username or password|Connection refused/i);
  });

  it('slows a device that floods to its rate, stores all it acknowledged, and keeps the others quick', async () => {
    const flooder = await billboard('MQTT广告牌-flood');
    const quiet = await billboard('MQTT广告牌-quiet');
    const client = await mqtt.connectAsync(url, { username: flooder.token, reconnectPeriod: 0 });
    const other = await mqtt.connectAsync(url, { username: quiet.token, reconnectPeriod: 0 });
    const base = Date.now();
    // 300 at once: the burst (200) goes at once, the other 100 at 50/s — about two seconds.
    const flood = Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        client.publishAsync(
          'v1/devices/me/telemetry',
          JSON.stringify({ ts: base + i, values: { tiltX: 1 } }),
          { qos: 1 },
        ),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const quietStart = Date.now();
    await other.publishAsync(
      'v1/devices/me/telemetry',
      JSON.stringify({ ts: base, values: { tiltX: 2 } }),
      { qos: 1 },
    );
    const quietMs = Date.now() - quietStart;
    await flood;
    const floodMs = Date.now() - base;
    const stored = await t.app.platform.db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM iot_telemetry WHERE device_id = ${flooder.id}`,
    );
    expect(stored[0]?.n).toBe(300);
    expect(floodMs).toBeGreaterThanOrEqual(1800);
    expect(quietMs).toBeLessThan(1000);
    const broker = t.app.mqtt as EmbeddedMqttBroker;
    // Refilling while the burst is stored lets a few through early; the rest waited.
    expect(broker.counters.throttled).toBeGreaterThanOrEqual(50);
    expect(broker.counters.refused).toBe(0);
    await Promise.all([client.endAsync(), other.endAsync()]);
  });
});
