/**
 * Device registry at scale: credential lookups (the ingest path's cache misses) stay flat as
 * the registry grows, because each is one probe of the unique token index.
 *
 *   npx tsx bench/registry.bench.ts [--devices 1000000] [--steps 10000,100000,1000000]
 *                                   [--lookups 2000] [--database-url postgres://…]
 *
 * Devices are inserted by SQL in chunks (generate_series; the registry's own import path is
 * measured by the CSV import test and docs), into a fresh database that is dropped afterwards.
 * At each step the same number of random existing tokens is resolved one by one through
 * `DeviceRegistryService.resolveTokens` with a cold cache, then in batches of 1,000 as the
 * ingest micro-batcher does. The ratio of each step's p50 to the first step's is the
 * "constant time" figure.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { OneCity } from '../src/app.ts';
import { systemActor } from '../src/platform/auth/actor.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { demoProducts } from '../src/modules/iot/demo-products.ts';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '1000000' },
    steps: { type: 'string' },
    lookups: { type: 'string', default: '2000' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});

const total = Number(values.devices);
const steps = (values.steps ?? [10_000, 100_000, 1_000_000, 10_000_000].join(','))
  .split(',')
  .map(Number)
  .filter((n) => n <= total);
if (!steps.includes(total)) steps.push(total);
steps.splice(0, steps.length, ...[...new Set(steps)].sort((a, b) => a - b));
const lookups = Number(values.lookups);
const server = values['database-url'];
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

/** The token the SQL insert gives device number i: md5('device-' || i). */
const tokenOf = (i: number) => crypto.createHash('md5').update(`device-${i}`).digest('hex');

const name = `onecity_bench_registry_${process.pid}`;
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;

const app = await OneCity.create({
  config: loadConfig({
    ONECITY_DATABASE_URL: url.toString(),
    ONECITY_DATA_DIR: 'memory://',
    ONECITY_SEED_DEMO: 'false',
    ONECITY_MQTT_PORT: '0',
    ONECITY_LOG_LEVEL: 'silent',
  }),
  logger: createLogger('silent'),
  seedDemo: false,
});
try {
  await app.iot.registry.createProducts(
    systemActor,
    demoProducts.slice(0, 1).map((p) => ({
      id: p.id,
      name: p.name,
      nameEn: p.nameEn,
      description: p.description,
      retentionDays: p.retentionDays,
      thingModel: p.thingModel,
    })),
  );
  const productId = demoProducts[0]!.id;
  console.log(
    `registry bench on PostgreSQL: ${fmt(total)} devices, steps ${steps.map((n) => fmt(n)).join(' → ')}`,
  );
  const rows: string[][] = [];
  let inserted = 0;
  let base: number | null = null;
  for (const step of steps) {
    const started = Date.now();
    while (inserted < step) {
      const to = Math.min(step, inserted + 500_000);
      await app.platform.db.orm.execute(sql`
        INSERT INTO iot_devices (id, product_id, name, token, tags)
        SELECT gen_random_uuid(), ${productId}, 'bench-' || i, md5('device-' || i), '{}'
          FROM generate_series(${inserted + 1}::int, ${to}::int) AS i`);
      inserted = to;
      process.stdout.write(`\r  inserted ${fmt(inserted)} / ${fmt(step)} devices`);
    }
    await app.platform.db.orm.execute(sql`ANALYZE iot_devices`);
    const insertSeconds = (Date.now() - started) / 1000;
    const randomTokens = () =>
      Array.from({ length: lookups }, () => tokenOf(1 + Math.floor(Math.random() * inserted)));
    const single: number[] = [];
    for (const token of randomTokens()) {
      const t0 = process.hrtime.bigint();
      const found = await app.iot.registry.resolveTokens([token]);
      single.push(Number(process.hrtime.bigint() - t0) / 1000);
      if (!found.get(token)) throw new Error(`token of a stored device not found: ${token}`);
    }
    // Fresh tokens for the batched pass (the cache now holds the first ones).
    const batchTokens = randomTokens();
    const t1 = process.hrtime.bigint();
    for (let i = 0; i < batchTokens.length; i += 1000) {
      await app.iot.registry.resolveTokens(batchTokens.slice(i, i + 1000));
    }
    const batchedPerSecond = batchTokens.length / (Number(process.hrtime.bigint() - t1) / 1e9);
    const p50 = quantile(single, 0.5);
    base ??= p50;
    process.stdout.write('\n');
    rows.push([
      fmt(inserted),
      fmt(insertSeconds, 1),
      fmt(p50, 0),
      fmt(quantile(single, 0.99), 0),
      `${fmt(p50 / base, 2)}×`,
      fmt(batchedPerSecond),
    ]);
  }
  const header = [
    'devices',
    'insert s',
    'lookup p50 µs',
    'p99 µs',
    'p50 vs first',
    'batched lookups/s',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
} finally {
  await app.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
