import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/auth/actor.ts';
import { expectProblem, startTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let admin: string;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
});
afterAll(() => t.close());

/** Provisions a device of `productId` in 黄浦区 and returns its id and token. */
async function device(name: string, productId = 'water-quality') {
  const street = t.app.regions.children('310101')[0]!;
  const grid = t.app.regions.children(street.id)[0]!;
  const [lng, lat] = t.app.regions.get(grid.id).centroid;
  const created = await t.app.iot.registry.create(systemActor, {
    name,
    productId,
    location: { lng, lat },
  });
  return { id: created.id, token: created.token };
}

const post = (token: string, kind: 'telemetry' | 'attributes', payload: unknown) =>
  t.request({
    method: 'POST',
    url: `/api/v1/${token}/${kind}`,
    headers: { 'content-type': 'application/json' },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

const rowsOf = <R>(query: ReturnType<typeof sql>) => t.app.platform.db.rows<R>(query);

async function issues(deviceId: string) {
  const list = await rowsOf<{ key: string; kind: string; count: number }>(
    sql`SELECT key, kind, count::int AS count FROM iot_quality_issues
         WHERE device_id = ${deviceId}::uuid ORDER BY key, kind`,
  );
  return list;
}

describe('ThingsBoard device API and the ingest service', () => {
  it('stores each payload shape: flat, ts+values, and an array of those', async () => {
    const d = await device('WQ-shapes');
    const ts = Date.now() - 60_000;
    expect((await post(d.token, 'telemetry', { ph: 7.1, turbidity: 0.4 })).json()).toEqual({
      readings: 2,
      issues: 0,
    });
    expect((await post(d.token, 'telemetry', { ts, values: { chlorine: 0.5 } })).statusCode).toBe(
      200,
    );
    const array = await post(d.token, 'telemetry', [
      { ts: ts - 1000, values: { ph: 7.0 } },
      { ts: ts - 2000, values: { ph: 6.9 } },
    ]);
    expect(array.json()).toEqual({ readings: 2, issues: 0 });
    const stored = await rowsOf<{ key: string; n: number }>(
      sql`SELECT key, count(*)::int AS n FROM iot_telemetry WHERE device_id = ${d.id}::uuid GROUP BY key ORDER BY key`,
    );
    expect(stored).toEqual([
      { key: 'chlorine', n: 1 },
      { key: 'ph', n: 3 },
      { key: 'turbidity', n: 1 },
    ]);
    // The latest ph is the flat message's (received now), not the older array readings.
    const latest = await t.request({
      method: 'GET',
      url: `/api/v1/iot/devices/${d.id}/latest`,
      token: admin,
    });
    const values = latest.json<{ values: Array<{ key: string; value: unknown; unit: string }> }>()
      .values;
    expect(values.find((v) => v.key === 'ph')).toMatchObject({ value: 7.1, unit: 'pH' });

    // Attributes are stored per device.
    expect(
      (await post(d.token, 'attributes', { firmware: '1.2.3', model: 'WQ-9' })).json(),
    ).toEqual({ readings: 2, issues: 0 });
    const attrs = await t.request({
      method: 'GET',
      url: `/api/v1/iot/devices/${d.id}/attributes`,
      token: admin,
    });
    expect(attrs.json<{ items: Array<{ key: string; value: unknown }> }>().items).toMatchObject([
      { key: 'firmware', value: '1.2.3' },
      { key: 'model', value: 'WQ-9' },
    ]);
  });

  it('stores every value type exactly, and a redelivered message in a later batch only once', async () => {
    const d = await device('EL-copy', 'elevator-monitor');
    const ts = Date.now() - 120_000;
    const message = (at: number, values: Record<string, unknown>) => ({
      token: d.token,
      kind: 'telemetry' as const,
      body: JSON.stringify({ ts: at, values }),
      receivedAt: new Date(),
    });
    const first = message(ts, { floor: 7, speed: 1.25, doorOpen: true, status: 'normal' });
    await t.app.iot.ingest.ingestBatch([first]);
    // The same message again (a broker redelivery) beside a new one: the new one is stored,
    // the old one is not stored twice (on PostgreSQL: COPY meets the duplicate and the batch
    // goes in again through the INSERT that skips it).
    const again = await t.app.iot.ingest.ingestBatch([
      { ...first, receivedAt: new Date() },
      message(ts + 1, { floor: -2, speed: 0.000123, doorOpen: false, status: 'trapped' }),
    ]);
    expect(again.map((o) => o.status)).toEqual(['stored', 'stored']);
    const stored = await rowsOf<{
      key: string;
      ts: Date;
      num: number | null;
      str: string | null;
      bool: boolean | null;
    }>(
      sql`SELECT key, ts, num, str, bool FROM iot_telemetry WHERE device_id = ${d.id}::uuid ORDER BY ts, key`,
    );
    const when = (at: number) => new Date(at).toISOString();
    expect(stored.map((r) => [r.key, new Date(r.ts).toISOString(), r.num, r.str, r.bool])).toEqual([
      ['doorOpen', when(ts), null, null, true],
      ['floor', when(ts), 7, null, null],
      ['speed', when(ts), 1.25, null, null],
      ['status', when(ts), null, 'normal', null],
      ['doorOpen', when(ts + 1), null, null, false],
      ['floor', when(ts + 1), -2, null, null],
      ['speed', when(ts + 1), 0.000123, null, null],
      ['status', when(ts + 1), null, 'trapped', null],
    ]);
  });

  it('counts readings per second for the grid, street and district of each device', async () => {
    // Places no other test here reports from: a second street of 黄浦区, and 徐汇区.
    const placed = async (name: string, districtId: string, streetIndex: number) => {
      const street = t.app.regions.children(districtId)[streetIndex]!;
      const grid = t.app.regions.children(street.id)[0]!;
      const [lng, lat] = t.app.regions.get(grid.id).centroid;
      const created = await t.app.iot.registry.create(systemActor, {
        name,
        productId: 'water-pressure',
        location: { lng, lat },
      });
      return { token: created.token, streetId: street.id, gridId: grid.id };
    };
    const [a1, a2, b] = [
      await placed('WP-rate-a1', '310101', 1),
      await placed('WP-rate-a2', '310101', 1),
      await placed('WP-rate-b', '310104', 0),
    ];
    const base = Date.now() - 600_000;
    const readings = (token: string, n: number) => ({
      token,
      kind: 'telemetry' as const,
      body: JSON.stringify(
        Array.from({ length: n }, (_, i) => ({ ts: base + i * 1000, values: { pressure: 0.3 } })),
      ),
      receivedAt: new Date(),
    });
    // The rate is the mean over the last minute's finished seconds, and the demo city seeded
    // readings moments ago: compare before and after, each read once a second has ended.
    const { rate } = t.app.iot.ingest;
    const places = [a1.gridId, a1.streetId, b.gridId, b.streetId, '310104', null];
    const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_100));
    await nextSecond();
    const before = places.map((p) => rate.perSecond(p));
    const outcomes = await t.app.iot.ingest.ingestBatch([
      readings(a1.token, 300),
      readings(b.token, 600),
      readings(a2.token, 300),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['stored', 'stored', 'stored']);
    await nextSecond();
    const added = places.map((p, i) => rate.perSecond(p) - before[i]!);
    // 600 readings a minute are 10 a second; perSecond rounds to a tenth.
    const expected = [10, 10, 10, 10, 10, 20];
    added.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 0));
  });

  it('rejects malformed JSON, wrong shapes and oversize payloads; 401 for unknown tokens', async () => {
    const d = await device('WQ-bad');
    expectProblem(await post(d.token, 'telemetry', '{"ph": 7.1'), 400, 'malformed_json');
    expectProblem(await post(d.token, 'telemetry', '[1, 2]'), 400, 'wrong_shape');
    expectProblem(await post(d.token, 'telemetry', '"ph"'), 400, 'wrong_shape');
    expectProblem(
      await post(d.token, 'telemetry', { ts: 'yesterday', values: {} }),
      400,
      'wrong_shape',
    );
    expectProblem(await post(d.token, 'attributes', [{ a: 1 }]), 400, 'wrong_shape');
    const big = { ph: 7, note: 'x'.repeat(70 * 1024) };
    expectProblem(await post(d.token, 'telemetry', big), 413, 'payload_too_large');
    expectProblem(
      await post('no-such-token-000000000', 'telemetry', { ph: 7 }),
      401,
      'unknown_device',
    );
    expect(await issues(d.id)).toEqual([{ key: '*', kind: 'malformed_payload', count: 6 }]);

    // The service itself answers per message and never throws for what a device sent.
    const outcomes = await t.app.iot.ingest.ingestBatch([
      {
        token: d.token,
        kind: 'telemetry',
        body: Buffer.from('{"ph": 7.2}'),
        receivedAt: new Date(),
      },
      { token: 'unknown-token-1234567890', kind: 'telemetry', body: '{}', receivedAt: new Date() },
      { token: d.token, kind: 'telemetry', body: '\u0000\u0001', receivedAt: new Date() },
      { token: d.token, kind: 'attributes', body: '{"x": "a\\u0000b"}', receivedAt: new Date() },
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'stored',
      'unknown_device',
      'rejected',
      'stored',
    ]);
    expect(outcomes[2]?.error?.code).toBe('malformed_json');
  });

  it('keeps unknown keys, wrong types and out-of-range values as counted quality issues', async () => {
    const d = await device('WQ-quality');
    const response = await post(d.token, 'telemetry', {
      ph: 15.2, // out of range: stored and flagged
      turbidity: 'cloudy', // wrong type: not stored
      colour: 'blue', // unknown key: not stored
      chlorine: '0.6', // a number as a string is accepted
    });
    expect(response.json()).toEqual({ readings: 2, issues: 3 });
    await post(d.token, 'telemetry', { colour: 'green' });
    expect(await issues(d.id)).toEqual([
      { key: 'colour', kind: 'unknown_key', count: 2 },
      { key: 'ph', kind: 'out_of_range', count: 1 },
      { key: 'turbidity', kind: 'wrong_type', count: 1 },
    ]);
    const quality = await t.request({
      method: 'GET',
      url: `/api/v1/iot/devices/${d.id}/quality`,
      token: admin,
    });
    const body = quality.json<{
      online: boolean;
      properties: Array<{ key: string; status: string }>;
      issues: Array<{ kind: string }>;
    }>();
    expect(body.online).toBe(true);
    // The latest ph is outside its range: the property says so until a value in range comes.
    expect(body.properties.find((p) => p.key === 'ph')?.status).toBe('out_of_range');
    expect(body.properties.find((p) => p.key === 'chlorine')?.status).toBe('ok');
    expect(body.properties.find((p) => p.key === 'conductivity')?.status).toBe('no_data');
    expect(body.issues).toHaveLength(3);
    await post(d.token, 'telemetry', { ph: 7.1 });
    const after = await t.request({
      method: 'GET',
      url: `/api/v1/iot/devices/${d.id}/quality`,
      token: admin,
    });
    expect(
      after
        .json<{ properties: Array<{ key: string; status: string }> }>()
        .properties.find((p) => p.key === 'ph')?.status,
    ).toBe('ok');
  });

  it('detects a flat line (the same value N times in a row) as stuck', async () => {
    const d = await device('BB-stuck', 'billboard-tilt');
    const base = Date.now() - 600_000;
    // tiltX declares flatLineCount 500: send 499 equal readings, then one more.
    const batch = Array.from({ length: 499 }, (_, i) => ({ ts: base + i, values: { tiltX: 1.5 } }));
    await post(d.token, 'telemetry', batch);
    // Runs are counted where latest values are written: within a flush after the commit.
    await t.app.iot.ingest.flush();
    expect(await issues(d.id)).toEqual([]);
    await post(d.token, 'telemetry', { ts: base + 1000, values: { tiltX: 1.5 } });
    await t.app.iot.ingest.flush();
    expect(await issues(d.id)).toEqual([{ key: 'tiltX', kind: 'stuck', count: 1 }]);
    const quality = await t.request({
      method: 'GET',
      url: `/api/v1/iot/devices/${d.id}/quality`,
      token: admin,
    });
    const tilt = quality
      .json<{ properties: Array<{ key: string; status: string; sameCount: number }> }>()
      .properties.find((p) => p.key === 'tiltX');
    expect(tilt).toMatchObject({ status: 'stuck', sameCount: 500 });
    // A different value ends the run.
    await post(d.token, 'telemetry', { ts: base + 2000, values: { tiltX: 1.6 } });
    await t.app.iot.ingest.flush();
    const [latest] = await rowsOf<{ same_count: number }>(
      sql`SELECT same_count FROM iot_latest WHERE device_id = ${d.id}::uuid AND key = 'tiltX'`,
    );
    expect(latest?.same_count).toBe(1);
  });

  it('writes latest values forward only: new keys added, newer values replace, late ones do not', async () => {
    const d = await device('WQ-latest');
    const base = Date.now() - 300_000;
    const stored = async () =>
      Object.fromEntries(
        (
          await rowsOf<{ key: string; value: unknown; ms: string; same_count: number }>(
            sql`SELECT key, value, (extract(epoch FROM ts) * 1000)::bigint::text AS ms, same_count
                  FROM iot_latest WHERE device_id = ${d.id}::uuid ORDER BY key`,
          )
        ).map((r) => [r.key, [r.value, Number(r.ms) - base, r.same_count]]),
      );
    await post(d.token, 'telemetry', { ts: base, values: { ph: 7.1 } });
    await t.app.iot.ingest.flush();
    expect(await stored()).toEqual({ ph: [7.1, 0, 1] });
    // One flush: ph moves on with the same value (the run goes on) beside a key new to the table.
    await post(d.token, 'telemetry', { ts: base + 1000, values: { ph: 7.1, turbidity: 0.4 } });
    await t.app.iot.ingest.flush();
    expect(await stored()).toEqual({ ph: [7.1, 1000, 2], turbidity: [0.4, 1000, 1] });
    // A late ph (older than the row) stays in history only; chlorine is new.
    await post(d.token, 'telemetry', { ts: base + 500, values: { ph: 6.5, chlorine: 0.5 } });
    await t.app.iot.ingest.flush();
    expect(await stored()).toEqual({
      ph: [7.1, 1000, 2],
      turbidity: [0.4, 1000, 1],
      chlorine: [0.5, 500, 1],
    });
  });

  it('stores a reading in its day partition, creating the partition on demand', async () => {
    const d = await device('WQ-partition');
    const ts =
      Date.UTC(2025, 5, 15, 12, 0, 0) > Date.now() - 700 * DAY
        ? Date.UTC(2025, 5, 15, 12, 0, 0)
        : Date.now() - 100 * DAY;
    const day = new Date(ts).toISOString().slice(0, 10).replace(/-/g, '');
    await post(d.token, 'telemetry', { ts, values: { ph: 7 } });
    const [row] = await rowsOf<{ part: string }>(
      sql`SELECT tableoid::regclass::text AS part FROM iot_telemetry
           WHERE device_id = ${d.id}::uuid AND ts = ${new Date(ts).toISOString()}::timestamptz`,
    );
    expect(row?.part).toBe(`iot_telemetry_p${day}`);
    // A reading older than the longest retention is refused, not stored in a doomed partition.
    const ancient = await post(d.token, 'telemetry', {
      ts: Date.now() - 800 * DAY,
      values: { ph: 7 },
    });
    expect(ancient.json()).toEqual({ readings: 0, issues: 1 });
  });

  it('retention drops whole partitions past the longest retention and trims shorter ones', async () => {
    const d = await device('CC-retention', 'crowd-counter'); // keeps 90 days
    const w = await device('WQ-retention', 'water-quality'); // keeps 730 days
    const now = Date.now();
    await post(d.token, 'telemetry', [
      { ts: now - 100 * DAY, values: { count: 5 } },
      { ts: now - 10 * DAY, values: { count: 6 } },
    ]);
    await post(w.token, 'telemetry', { ts: now - 100 * DAY, values: { ph: 7 } });
    const { partitions } = t.app.iot;
    // Maintenance as it would run 740 days from now: everything of today's era is old.
    const products = t.app.iot.registry.cachedProducts();
    const result = await t.app.platform.uow.run((ctx) =>
      partitions.maintain(ctx.sql, new Date(now + 200 * DAY), products),
    );
    expect(result.created.length).toBeGreaterThan(0);
    expect(result.deletedRows).toBeGreaterThanOrEqual(1);
    const left = await rowsOf<{ device: string; n: number }>(
      sql`SELECT device_id::text AS device, count(*)::int AS n FROM iot_telemetry
           WHERE device_id IN (${d.id}::uuid, ${w.id}::uuid) GROUP BY 1`,
    );
    // The crowd counter's readings are older than 90 days by then; water quality keeps its.
    expect(left).toEqual([{ device: w.id, n: 1 }]);

    const far = await t.app.platform.uow.run((ctx) =>
      partitions.maintain(ctx.sql, new Date(now + 1000 * DAY), products),
    );
    expect(far.dropped).toContain(
      `iot_telemetry_p${new Date(now - 100 * DAY).toISOString().slice(0, 10).replace(/-/g, '')}`,
    );
    const [gone] = await rowsOf<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM iot_telemetry WHERE device_id = ${w.id}::uuid`,
    );
    expect(gone?.n).toBe(0);
    // Ingest still works afterwards (its partition cache re-reads).
    expect((await post(w.token, 'telemetry', { ph: 7.3 })).statusCode).toBe(200);
  });

  it('the periodic timers are durable rows that the scheduler fires', async () => {
    const pending = await rowsOf<{ kind: string }>(
      sql`SELECT kind FROM platform_timers WHERE kind LIKE 'iot.%' AND status = 'pending' ORDER BY kind`,
    );
    expect(pending.map((p) => p.kind)).toEqual([
      'iot.connectivity.sweep',
      'iot.telemetry.maintain',
    ]);
  });
});

describe('queries', () => {
  it('aggregates by Shanghai calendar day around midnight (UTC+8), not by UTC day', async () => {
    const d = await device('WQ-days');
    // Shanghai midnight three days ago, in UTC.
    const shanghaiNow = new Date(Date.now() + 8 * 3600_000);
    const midnight =
      Date.UTC(shanghaiNow.getUTCFullYear(), shanghaiNow.getUTCMonth(), shanghaiNow.getUTCDate()) -
      3 * DAY -
      8 * 3600_000;
    await post(d.token, 'telemetry', [
      { ts: midnight - 30 * 60_000, values: { ph: 6 } }, // 23:30 the day before, Shanghai
      { ts: midnight - 10 * 60_000, values: { ph: 7 } },
      { ts: midnight + 30 * 60_000, values: { ph: 8 } }, // 00:30, Shanghai
    ]);
    const from = new Date(midnight - DAY).toISOString();
    const to = new Date(midnight + DAY).toISOString();
    const response = await t.request({
      method: 'GET',
      url: `/api/v1/iot/devices/${d.id}/telemetry/aggregate?key=ph&interval=day&from=${from}&to=${to}`,
      token: admin,
    });
    const buckets = response.json<{
      buckets: Array<{
        start: string;
        avg: number;
        min: number;
        max: number;
        sum: number;
        count: number;
      }>;
    }>().buckets;
    // In UTC all three readings fall on one day (16:00 UTC is Shanghai's midnight).
    expect(buckets).toEqual([
      {
        start: new Date(midnight - DAY).toISOString(),
        avg: 6.5,
        min: 6,
        max: 7,
        sum: 13,
        count: 2,
      },
      { start: new Date(midnight).toISOString(), avg: 8, min: 8, max: 8, sum: 8, count: 1 },
    ]);
    const hourly = await t.request({
      method: 'GET',
      url: `/api/v1/iot/devices/${d.id}/telemetry/aggregate?key=ph&interval=1h&from=${from}&to=${to}`,
      token: admin,
    });
    expect(hourly.json<{ buckets: unknown[] }>().buckets).toHaveLength(2);
    const raw = await t.request({
      method: 'GET',
      url: `/api/v1/iot/devices/${d.id}/telemetry?key=ph&from=${from}&to=${to}&order=asc`,
      token: admin,
    });
    expect(raw.json<{ items: Array<{ value: number }> }>().items.map((i) => i.value)).toEqual([
      6, 7, 8,
    ]);
    const tooWide = await t.request({
      method: 'GET',
      url: `/api/v1/iot/devices/${d.id}/telemetry/aggregate?key=ph&interval=1m&from=${from}&to=${new Date(midnight + 30 * DAY).toISOString()}`,
      token: admin,
    });
    expectProblem(tooWide, 400, 'range_too_large');
  });
});

describe('connectivity', () => {
  it('announces a device coming online and, after three silent intervals, going offline', async () => {
    const d = await device('WQ-connectivity'); // expects data every 60 s
    const events = async () =>
      rowsOf<{ type: string }>(
        sql`SELECT type FROM platform_outbox WHERE payload->>'deviceId' = ${d.id}
             AND type IN ('iot.device.cameOnline', 'iot.device.wentOffline') ORDER BY seq`,
      );
    await post(d.token, 'telemetry', { ph: 7 });
    await post(d.token, 'telemetry', { ph: 7.1 });
    expect((await events()).map((e) => e.type)).toEqual(['iot.device.cameOnline']);

    const sweep = (at: number) =>
      t.app.platform.uow.run((ctx) => t.app.iot.connectivity.sweep(ctx, new Date(at)));
    await sweep(Date.now() + 60_000); // one interval: still online
    expect((await events()).map((e) => e.type)).toEqual(['iot.device.cameOnline']);
    await sweep(Date.now() + 181_000);
    expect((await events()).map((e) => e.type)).toEqual([
      'iot.device.cameOnline',
      'iot.device.wentOffline',
    ]);
    const state = await t.request({
      method: 'GET',
      url: `/api/v1/iot/devices/${d.id}`,
      token: admin,
    });
    expect(state.json<{ online: boolean }>().online).toBe(false);

    await post(d.token, 'telemetry', { ph: 7.2 });
    expect((await events()).map((e) => e.type)).toEqual([
      'iot.device.cameOnline',
      'iot.device.wentOffline',
      'iot.device.cameOnline',
    ]);
  });

  it('keeps a device heard of since its recorded deadline online, and moves the deadline', async () => {
    const d = await device('WQ-deadline'); // expects data every 60 s: offline after 180 s
    const t0 = Date.now();
    const state = async () =>
      (
        await rowsOf<{ online: boolean; seen: string; due: string }>(
          sql`SELECT online, (extract(epoch FROM last_seen_at) * 1000)::bigint::text AS seen,
                     (extract(epoch FROM offline_at) * 1000)::bigint::text AS due
                FROM iot_device_state WHERE device_id = ${d.id}::uuid`,
        )
      ).map((r) => ({ online: r.online, seen: Number(r.seen) - t0, due: Number(r.due) - t0 }))[0];
    const report = async (offsetMs: number) => {
      await t.app.iot.ingest.ingestBatch([
        {
          token: d.token,
          kind: 'telemetry',
          body: JSON.stringify({ ph: 7 }),
          receivedAt: new Date(t0 + offsetMs),
        },
      ]);
      await t.app.iot.ingest.flush();
    };
    const sweep = (offsetMs: number) =>
      t.app.platform.uow.run((ctx) => t.app.iot.connectivity.sweep(ctx, new Date(t0 + offsetMs)));
    await report(0);
    expect(await state()).toEqual({ online: true, seen: 0, due: 180_000 });
    // Heard of 60 s later: the recorded deadline (180 s) is still within [150 s, 240 s], so
    // only the last-seen time moves.
    await report(60_000);
    expect(await state()).toEqual({ online: true, seen: 60_000, due: 180_000 });
    // Past the recorded deadline but not the real one (240 s): online, deadline moved on.
    // (Sweeps count other tests' devices too: only this device's row is checked.)
    await sweep(200_000);
    expect(await state()).toEqual({ online: true, seen: 60_000, due: 240_000 });
    // Heard of again at 160 s: 240 s is outside [250 s, 340 s], so the deadline moves too.
    await report(160_000);
    expect(await state()).toEqual({ online: true, seen: 160_000, due: 340_000 });
    await sweep(339_000);
    expect(await state()).toMatchObject({ online: true, seen: 160_000 });
    await sweep(341_000);
    expect(await state()).toMatchObject({ online: false, seen: 160_000 });
  });
});
