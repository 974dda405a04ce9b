import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../demo/demo-people.ts';
import { EmbeddedMqttBroker } from '../mqtt/embedded-broker.ts';
import { startTestApp, waitForRows, type TestApp } from '../mqtt/mqtt-test-support.ts';
import {
  ensureSimulatorRules,
  fetchDevices,
  parseDeviceSpec,
  PlatformApi,
  simulatorRules,
} from './device-source.ts';
import { TelemetrySimulator, type StartedAnomaly } from './telemetry-simulator.ts';

let t: TestApp;
let api = '';
let mqttUrl = '';

beforeAll(async () => {
  t = await startTestApp({ PORT: '0', HOST: '127.0.0.1' });
  api = await t.app.listen();
  const broker = t.app.mqtt;
  if (!(broker instanceof EmbeddedMqttBroker)) throw new Error('expected the embedded broker');
  mqttUrl = `mqtt://127.0.0.1:${broker.port}`;
}, 300_000);
afterAll(() => t.close());

describe('onecity simulate against the embedded broker', () => {
  it('fetches devices and tokens over the API, stores telemetry, and its anomalies raise alerts', async () => {
    const client = await PlatformApi.login({ api, username: 'admin', password: DEMO_PASSWORD });
    expect(await ensureSimulatorRules(client)).toHaveLength(simulatorRules.length);
    // A second run keeps the rules it finds.
    expect(await ensureSimulatorRules(client)).toEqual([]);

    const { devices, thingModels } = await fetchDevices(
      client,
      parseDeviceSpec('billboard-tilt,manhole-cover,water-pressure:6'),
    );
    expect(devices).toHaveLength(6);
    expect(new Set(devices.map((d) => d.productId)).size).toBe(3);
    expect(devices.every((d) => d.token.length >= 20)).toBe(true);

    const anomalies: StartedAnomaly[] = [];
    const simulator = await TelemetrySimulator.start({
      url: mqttUrl,
      devices,
      thingModels,
      rate: 60,
      durationMs: 2500,
      anomalies: true,
      anomalyEveryMs: 600,
      anomalyDurationMs: 600,
      topic: 'me',
      seed: 3,
      progressEveryMs: 500,
      onAnomaly: (a) => anomalies.push(a),
    });
    const final = await simulator.done;
    expect(final.errors).toBe(0);
    expect(final.sent).toBeGreaterThan(100);
    // The embedded broker acknowledges after the commit: every acknowledged message is stored.
    expect(final.acked).toBe(final.sent);
    const stored = await t.app.platform.db.rows<{ devices: number; readings: number }>(
      sql`SELECT count(DISTINCT device_id)::int AS devices, count(*)::int AS readings
            FROM iot_telemetry WHERE device_id IN ${devices.map((d) => d.id)}`,
    );
    expect(stored[0]?.devices).toBe(6);
    expect(stored[0]?.readings).toBeGreaterThanOrEqual(final.acked * 3);

    expect(anomalies.map((a) => a.kind).slice(0, 3)).toEqual([
      'tilt',
      'manholeOpen',
      'pressureDrop',
    ]);
    const raised = await waitForRows<{
      payload: { deviceId: string; ruleName: string; reason: string };
    }>(t, sql`SELECT payload FROM platform_outbox WHERE type = 'iot.alert.raised'`);
    const byRule = new Map(raised.map((r) => [r.payload.ruleName, r.payload]));
    const tilt = anomalies.find((a) => a.kind === 'tilt');
    expect(byRule.get(simulatorRules[0].name)).toMatchObject({ deviceId: tilt?.device.id });
    expect(byRule.get(simulatorRules[0].name)?.reason).toMatch(/^tiltX [5-7]\.\d+ > 5$/);
    const opened = anomalies.find((a) => a.kind === 'manholeOpen');
    expect(byRule.get(simulatorRules[1].name)).toMatchObject({ deviceId: opened?.device.id });
    const burst = anomalies.find((a) => a.kind === 'pressureDrop');
    expect(byRule.get(simulatorRules[2].name)).toMatchObject({ deviceId: burst?.device.id });
  }, 60_000);

  it('says clearly when the API cannot be reached or a token is wrong', async () => {
    await expect(
      PlatformApi.login({ api: 'http://127.0.0.1:9', username: 'admin', password: 'x' }),
    ).rejects.toThrow(/cannot reach the OneCity API at http:\/\/127\.0\.0\.1:9/);
    await expect(
      TelemetrySimulator.start({
        url: mqttUrl,
        devices: [
          { id: 'x', name: 'nobody', productId: 'billboard-tilt', token: 'not-a-token-at-all' },
        ],
        thingModels: new Map(),
        rate: 10,
        durationMs: 100,
        anomalies: false,
        topic: 'me',
      }),
    ).rejects.toThrow(/no device could connect/);
  });
});
