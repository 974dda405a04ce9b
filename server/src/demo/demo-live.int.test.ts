import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OneCity } from '../app.ts';
import { systemActor } from '../platform/auth/actor.ts';
import { loadConfig } from '../platform/config/config.ts';
import {
  createTestEnvironment,
  testDatabaseServer,
  testLogger,
  type TestEnvironment,
} from '../../test/support/test-platform.ts';
import { simulatorRules } from '../modules/iot/index.ts';

// The live demo belongs to the embedded profile: on PostgreSQL it is off by design.
const embedded = !testDatabaseServer;
let env: TestEnvironment;

async function open(demoSimulate: boolean, historyHours = 0): Promise<OneCity> {
  const config = { ...env.config, demoSimulate, demoSimulateRate: 400 };
  return OneCity.create({
    config,
    logger: testLogger(),
    seedDemo: false,
    // Short intervals: the first anomaly (a tilting billboard) after 0.2 s, past 5° soon after.
    liveDemo: {
      anomalyEveryMs: 1000,
      anomalyDurationMs: 1500,
      anomalyReportEveryMs: 100,
      historyHours,
    },
  });
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  env = await createTestEnvironment({}, { onDisk: true });
  // Seed the demo city once; both tests open the same data directory.
  const app = await OneCity.create({ config: env.config, logger: testLogger(), seedDemo: false });
  try {
    await app.demo.run({ seed: env.config.demoSeed, scale: 1, citizens: 20 });
  } finally {
    await app.close();
  }
}, 300_000);
afterAll(() => env?.cleanup());

describe.runIf(embedded)('the live demo on the embedded profile', () => {
  it('is off with ONECITY_DEMO_SIMULATE=false: no simulated device reports', async () => {
    expect(loadConfig({ ONECITY_DEMO_SIMULATE: 'false' }).demoSimulate).toBe(false);
    const app = await open(false);
    try {
      await app.prepare();
      expect(app.liveDemo).toBeNull();
      // The seed's own readings (water plants) are there; nothing is added to them.
      const count = async () =>
        (
          await app.platform.db.rows<{ n: number }>(
            sql`SELECT count(*)::int AS n FROM iot_telemetry`,
          )
        )[0]?.n;
      const before = await count();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await count()).toBe(before);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('closes at once while the devices are still connecting', async () => {
    const app = await open(true);
    await app.prepare();
    expect(app.liveDemo).not.toBeNull();
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(app.liveDemo).toBeNull();
  }, 60_000);

  it('writes an hour of history, then the demo devices report over MQTT: crowd counters have latest values, an anomaly raises an alert and opens a case', async () => {
    const app = await open(true, 1);
    try {
      const wentLive = Date.now();
      await app.prepare();
      expect(app.liveDemo).not.toBeNull();
      const { items } = await app.iot.registry.list(systemActor, {
        productId: 'crowd-counter',
        limit: 1,
        offset: 0,
      });
      const counter = items[0];
      if (!counter) throw new Error('no crowd counter in the demo city');
      // 400 msgs/s over 2,000 devices: each reports live every five seconds.
      const live = await waitFor(async () => {
        const { values } = await app.iot.queries.latest(systemActor, counter.id);
        return values.find((v) => v.key === 'count' && v.ts.getTime() >= wentLive);
      });
      expect(typeof live.value).toBe('number');
      // The history: readings every ten minutes over the past hour, before the live ones.
      const [past] = await app.platform.db.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM iot_telemetry WHERE device_id = ${counter.id}
             AND key = 'count' AND ts < now() - interval '5 minutes'`,
      );
      expect(past?.n).toBeGreaterThanOrEqual(5);

      const alert = await waitFor(async () => {
        const [row] = await app.platform.db.rows<{ id: string; rule: string }>(
          sql`SELECT a.id, r.name AS rule FROM alerts_alerts a JOIN alerts_rules r ON r.id = a.rule_id
               WHERE r.name = ${simulatorRules[0].name} LIMIT 1`,
        );
        return row;
      });
      const opened = await waitFor(async () => {
        const [row] = await app.platform.db.rows<{ source: string }>(
          sql`SELECT source FROM cases_cases WHERE alert_id = ${alert.id}`,
        );
        return row;
      });
      expect(opened.source).toBe('iot_alert');
    } finally {
      await app.close();
    }
    // Closed with the app: nothing of it is left running.
    expect(app.liveDemo).toBeNull();
  }, 120_000);
});
