import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { OneCity } from '../../../app.ts';
import { systemActor } from '../../../platform/auth/actor.ts';
import { DEMO_PASSWORD } from '../../../demo/demo-people.ts';
import { openDatabase } from '../../../platform/db/database.ts';
import {
  createTestEnvironment,
  testLogger,
  waitFor,
  type TestEnvironment,
} from '../../../../test/support/test-platform.ts';

/**
 * QoS 1 across a crash: devices keep publishing while the ingest process is SIGKILLed and
 * started again. Every reading a device had acknowledged must be stored, and none twice.
 * Embedded broker always; an external broker (Mosquitto in CI) when ONECITY_TEST_MQTT_URL is set.
 */
const externalUrl = process.env.ONECITY_TEST_MQTT_URL ?? null;
const childScript = path.resolve(import.meta.dirname, '../../../../test/support/ingest-child.ts');
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

interface Node {
  child: ChildProcess;
  exited: Promise<void>;
  /** The node's HTTP address. */
  http: string;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startNode(env: TestEnvironment, extra: Record<string, string>): Promise<Node> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript], {
    env: {
      ...process.env,
      ONECITY_DATA_DIR: env.config.dataDir,
      ONECITY_DATABASE_URL: env.config.databaseUrl ?? '',
      ONECITY_NATS_URL: env.config.natsUrl ?? '',
      ONECITY_NODE_ID: env.config.nodeId,
      ONECITY_SEED_DEMO: 'false',
      PORT: '0',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  cleanups.push(async () => {
    child.kill('SIGKILL');
    await exited;
  });
  const http = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const ready = /ready \d+ (\S+)/.exec(chunk.toString());
      if (ready?.[1]) resolve(ready[1]);
    });
    child.on('exit', (code) => reject(new Error(`ingest node exited early with ${code}`)));
  });
  return { child, exited, http };
}

/** The demo city in a database of its own; returns the tokens of some billboards. */
async function prepareCity(env: TestEnvironment, devices: number) {
  const app = await OneCity.create({ config: env.config, logger: testLogger(), seedDemo: false });
  try {
    await app.demo.run({ seed: env.config.demoSeed, scale: 1, citizens: 10 });
    const { items } = await app.iot.registry.list(systemActor, {
      productId: 'billboard-tilt',
      limit: devices,
      offset: 0,
    });
    return items.map((d) => ({ id: d.id, token: d.token }));
  } finally {
    await app.close();
  }
}

/** Connecting with clean start drops a persistent session and whatever it had queued. */
async function forgetSessions(url: string, clientIds: string[]) {
  for (const clientId of clientIds) {
    const client = await mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 0 });
    await client.endAsync();
  }
}

interface Publisher {
  client: MqttClient;
  deviceId: string;
  sent: number[];
  acked: Set<number>;
  errors: number;
  stop(): void;
}

/** One device publishing a reading every `everyMs`, each with its own timestamp. */
function publish(client: MqttClient, topic: string, deviceId: string, everyMs: number): Publisher {
  const base = Date.UTC(2026, 10, 22, 0, 0, 0) + Math.floor(Math.random() * 1000) * 100_000;
  const p: Publisher = { client, deviceId, sent: [], acked: new Set(), errors: 0, stop: () => {} };
  const timer = setInterval(() => {
    const ts = base + p.sent.length;
    p.sent.push(ts);
    client.publish(topic, JSON.stringify({ ts, values: { tiltX: 1.5 } }), { qos: 1 }, (error) => {
      if (error) p.errors += 1;
      else p.acked.add(ts);
    });
  }, everyMs);
  p.stop = () => clearInterval(timer);
  return p;
}

/** Readings stored per device, counted through the node's own HTTP API as an operator would. */
async function storedThroughApi(http: string, publishers: Publisher[]): Promise<number> {
  const login = await fetch(`${http}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  let total = 0;
  for (const p of publishers) {
    const query = new URLSearchParams({
      key: 'tiltX',
      from: new Date(Math.min(...p.sent)).toISOString(),
      to: new Date(Math.max(...p.sent) + 1).toISOString(),
      limit: '10000',
    });
    const response = await fetch(`${http}/api/v1/iot/devices/${p.deviceId}/telemetry?${query}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    total += ((await response.json()) as { items: unknown[] }).items.length;
  }
  return total;
}

async function crashAndRecover(mode: 'embedded' | 'external') {
  const env = await createTestEnvironment({}, { onDisk: true });
  cleanups.push(() => env.cleanup());
  const devices = await prepareCity(env, 12);
  const id = crypto.randomBytes(4).toString('hex');
  const port = await freePort();
  const nodeEnv: Record<string, string> =
    mode === 'embedded'
      ? { ONECITY_MQTT_PORT: String(port) }
      : { ONECITY_MQTT_URL: externalUrl!, ONECITY_MQTT_SHARE_GROUP: `test-${id}` };
  const url = mode === 'embedded' ? `mqtt://127.0.0.1:${port}` : externalUrl!;

  if (mode === 'external') {
    // Persistent sessions outlive the test at the broker: forget them afterwards.
    const ids = [
      ...Array.from({ length: 16 }, (_, i) => `onecity-ingest-${env.config.nodeId}-${i}`),
      ...devices.map((_, i) => `kill-test-${id}-${i}`),
    ];
    cleanups.push(() => forgetSessions(url, ids));
  }
  let node = await startNode(env, nodeEnv);
  const publishers: Publisher[] = [];
  for (const [i, device] of devices.entries()) {
    const client = await mqtt.connectAsync(url, {
      clientId: `kill-test-${id}-${i}`,
      username: device.token,
      clean: false,
      reconnectPeriod: 100,
      connectTimeout: 10_000, // a loaded CI machine can take seconds to answer the first CONNECT
    });
    client.on('error', () => undefined);
    cleanups.push(() => client.endAsync(true));
    const topic =
      mode === 'embedded' ? 'v1/devices/me/telemetry' : `v1/devices/${device.token}/telemetry`;
    publishers.push(publish(client, topic, device.id, 25));
  }
  const acked = () => publishers.reduce((n, p) => n + p.acked.size, 0);
  const sent = () => publishers.reduce((n, p) => n + p.sent.length, 0);

  // Let readings flow, then kill the node mid-stream (no shutdown of any kind).
  await waitFor(async () => acked() >= 300, { what: 'readings acknowledged', timeoutMs: 30_000 });
  node.child.kill('SIGKILL');
  await node.exited;
  const ackedAtKill = acked();
  await new Promise((resolve) => setTimeout(resolve, 400));
  node = await startNode(env, nodeEnv);
  await new Promise((resolve) => setTimeout(resolve, 800));
  for (const p of publishers) p.stop();
  await waitFor(async () => acked() === sent(), {
    what: 'every reading acknowledged after the restart',
    timeoutMs: 60_000,
  });
  if (mode === 'external') {
    // Mosquitto acknowledged on receipt: wait (asking the node's API) until it stored them all.
    await waitFor(async () => (await storedThroughApi(node.http, publishers)) >= sent(), {
      what: 'the restarted worker storing what the broker kept',
      timeoutMs: 60_000,
      intervalMs: 500,
    });
  }
  for (const p of publishers) await p.client.endAsync();
  node.child.kill('SIGTERM');
  await node.exited;

  const db = await openDatabase({ url: env.config.databaseUrl, dataDir: env.config.dataDir });
  try {
    const stored = await db.rows<{ device: string; ts: string; copies: number }>(
      sql`SELECT device_id::text AS device, (extract(epoch FROM ts) * 1000)::bigint::text AS ts,
                 count(*)::int AS copies
            FROM iot_telemetry WHERE key = 'tiltX' GROUP BY device_id, ts`,
    );
    const byDevice = new Map<string, Set<number>>();
    for (const row of stored) {
      expect(row.copies).toBe(1);
      const set = byDevice.get(row.device) ?? new Set<number>();
      set.add(Number(row.ts));
      byDevice.set(row.device, set);
    }
    let missing = 0;
    for (const p of publishers) {
      const have = byDevice.get(p.deviceId) ?? new Set<number>();
      const lost = [...p.acked].filter((ts) => !have.has(ts));
      if (lost.length)
        console.info('lost', p.deviceId, lost.map((ts) => p.sent.indexOf(ts)).join(','));
      missing += lost.length;
      expect(have.size).toBe(p.acked.size);
    }
    expect(missing).toBe(0);
    return { sent: sent(), ackedAtKill, stored: stored.length };
  } finally {
    await db.close();
  }
}

/** Each case seeds a demo city and starts two nodes: over two minutes on a busy 2-core machine. */
const KILL_TEST_MS = 300_000;

describe('MQTT QoS 1 ingest survives kill -9', () => {
  it(
    'embedded broker: no acknowledged reading lost, none stored twice',
    async () => {
      const result = await crashAndRecover('embedded');
      console.info('kill test (embedded)', result);
      expect(result.ackedAtKill).toBeGreaterThanOrEqual(300);
      expect(result.sent).toBeGreaterThan(result.ackedAtKill);
      expect(result.stored).toBe(result.sent);
    },
    KILL_TEST_MS,
  );

  it.skipIf(!externalUrl)(
    'external broker (shared subscription): the restarted worker stores what the broker kept',
    async () => {
      const result = await crashAndRecover('external');
      console.info('kill test (external)', result);
      expect(result.stored).toBe(result.sent);
    },
    KILL_TEST_MS,
  );
});
