import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { defineEvents, type DomainEvent } from './event.ts';
import { Platform } from '../platform.ts';
import { JetStreamTransport } from './jetstream.transport.ts';
import {
  createTestEnvironment,
  testLogger,
  uniqueStreamName,
  waitFor,
  type TestEnvironment,
} from '../../../test/support/test-platform.ts';
import { effectsConsumer, effectsTableSql } from '../../../test/support/effects-consumer.ts';

interface TestEvents {
  'test.thing.happened': { n: number };
}
const testEvent = defineEvents<TestEvents>();

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function openPlatform(env: TestEnvironment, stream: string) {
  const platform = await Platform.open({
    config: env.config,
    logger: testLogger(),
    jetStreamName: stream,
    jetStreamAckWaitSeconds: 2,
    relay: { batchSize: 10, pollIntervalMs: 50 },
  });
  await platform.migrate([]);
  await platform.db.exec(effectsTableSql);
  return platform;
}

async function effects(platform: Platform) {
  const [row] = await platform.db.rows<{ total: number; distinct_events: number }>(
    sql`SELECT count(*)::int AS total, count(DISTINCT event_id)::int AS distinct_events FROM test_effects`,
  );
  return row ?? { total: 0, distinct_events: 0 };
}

describe('transactional outbox and relay', () => {
  it('delivers committed events once, in order, and never those of a rolled-back transaction', async () => {
    const env = await createTestEnvironment();
    const stream = uniqueStreamName();
    const platform = await openPlatform(env, stream);
    cleanups.push(() => env.cleanup());
    const seen: DomainEvent[] = [];
    platform.subscribe({
      name: 'test.recorder',
      types: ['test.thing.happened'],
      handle: async (event) => {
        seen.push(event);
      },
    });
    await platform.startBackground();
    cleanups.push(async () => {
      if (platform.transport instanceof JetStreamTransport)
        await platform.transport.destroyStream();
      await platform.close();
    });

    await expect(
      platform.uow.run(async (ctx) => {
        await ctx.emit(testEvent('test.thing.happened', { n: -1 }));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    for (let n = 1; n <= 25; n++) {
      await platform.uow.run((ctx) => ctx.emit(testEvent('test.thing.happened', { n })));
    }
    await waitFor(async () => seen.length >= 25, { what: '25 events' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen.map((e) => (e.payload as { n: number }).n)).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
    expect(seen.every((e) => e.type === 'test.thing.happened')).toBe(true);
  });

  it('retries a failing consumer and finally dead-letters the event without blocking the rest', async () => {
    const env = await createTestEnvironment();
    const platform = await openPlatform(env, uniqueStreamName());
    cleanups.push(() => env.cleanup());
    let attempts = 0;
    const handled: number[] = [];
    platform.subscribe({
      name: 'test.flaky',
      types: ['test.thing.happened'],
      handle: async (event) => {
        const { n } = event.payload as { n: number };
        if (n === 2) {
          attempts += 1;
          throw new Error('poison');
        }
        handled.push(n);
      },
    });
    await platform.startBackground();
    cleanups.push(async () => {
      if (platform.transport instanceof JetStreamTransport)
        await platform.transport.destroyStream();
      await platform.close();
    });
    for (const n of [1, 2, 3]) {
      await platform.uow.run((ctx) => ctx.emit(testEvent('test.thing.happened', { n })));
    }
    await waitFor(async () => handled.includes(3), { what: 'event 3', timeoutMs: 30_000 });
    const dead = await waitFor(
      async () => {
        const rows = await platform.db.rows<{ consumer: string; error: string }>(
          sql`SELECT consumer, error FROM platform_dead_letters`,
        );
        return rows.length > 0 ? rows : undefined;
      },
      { what: 'dead letter', timeoutMs: 30_000 },
    );
    expect(dead).toEqual([{ consumer: 'test.flaky', error: 'poison' }]);
    expect(attempts).toBe(5);
    // Events relayed together reach a consumer in one transaction: when 2 fails, 1 may have
    // run in that rolled-back transaction and again on its own (committed once).
    expect([...new Set(handled)].sort()).toEqual([1, 3]);
  });

  it('delivers a relayed batch to each consumer in one transaction; a poison event in it is dead-lettered alone', async () => {
    const env = await createTestEnvironment();
    const platform = await openPlatform(env, uniqueStreamName());
    cleanups.push(() => env.cleanup());
    await platform.db.exec('CREATE TABLE test_picky (event_id uuid NOT NULL, n integer NOT NULL)');
    platform.subscribe(effectsConsumer());
    platform.subscribe({
      name: 'test.picky',
      types: ['test.thing.happened'],
      handle: async (event, ctx) => {
        const { n } = event.payload as { n: number };
        await ctx.sql.execute(sql`INSERT INTO test_picky (event_id, n) VALUES (${event.id}, ${n})`);
        if (n === 3) throw new Error('poison');
      },
    });
    // Written in one transaction before the relay starts: relayed as one batch of 6.
    await platform.uow.run(async (ctx) => {
      for (let n = 1; n <= 6; n++) await ctx.emit(testEvent('test.thing.happened', { n }));
    });
    await platform.startBackground();
    cleanups.push(async () => {
      if (platform.transport instanceof JetStreamTransport)
        await platform.transport.destroyStream();
      await platform.close();
    });
    if (platform.transport instanceof JetStreamTransport) return; // JetStream delivers one by one
    await waitFor(
      async () =>
        (await platform.db.rows(sql`SELECT 1 FROM platform_dead_letters`)).length > 0 || undefined,
      { what: 'dead letter', timeoutMs: 30_000 },
    );
    await waitFor(
      async () =>
        (await platform.db.rows(sql`SELECT 1 FROM test_picky WHERE n = 6`)).length > 0 || undefined,
      { what: 'event 6', timeoutMs: 30_000 },
    );
    // Every event reached the healthy consumer once, all in one transaction.
    expect(await effects(platform)).toEqual({ total: 6, distinct_events: 6 });
    const picky = await platform.db.rows<{ n: number }>(sql`SELECT n FROM test_picky ORDER BY n`);
    expect(picky.map((r) => r.n)).toEqual([1, 2, 4, 5, 6]);
    const dead = await platform.db.rows<{ consumer: string; n: number }>(
      sql`SELECT consumer, (payload->>'n')::int AS n FROM platform_dead_letters`,
    );
    expect(dead).toEqual([{ consumer: 'test.picky', n: 3 }]);
    const [tx] = await platform.db.rows<{ n: number }>(
      sql`SELECT count(DISTINCT xmin::text)::int AS n FROM test_effects`,
    );
    expect(tx?.n).toBe(1);
    const [inbox] = await platform.db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM platform_inbox WHERE consumer = 'test.picky'`,
    );
    expect(inbox?.n).toBe(6);
  });

  it('loses nothing and handles nothing twice when the relaying process is killed mid-delivery', async () => {
    const env = await createTestEnvironment({}, { onDisk: true });
    cleanups.push(() => env.cleanup());
    const stream = uniqueStreamName();
    const total = 120;
    {
      const platform = await openPlatform(env, stream);
      await platform.uow.run(async (ctx) => {
        for (let n = 1; n <= total; n++) await ctx.emit(testEvent('test.thing.happened', { n }));
      });
      await platform.close();
    }

    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.resolve(import.meta.dirname, '../../../test/support/relay-child.ts'),
      ],
      {
        env: {
          ...process.env,
          ONECITY_DATA_DIR: env.config.dataDir,
          ONECITY_DATABASE_URL: env.config.databaseUrl ?? '',
          ONECITY_NATS_URL: env.config.natsUrl ?? '',
          ONECITY_TEST_STREAM: stream,
          EFFECT_DELAY_MS: '15',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let reached: (() => void) | null = null;
    // The child reports its committed effects: kill it once some are in, however slow the
    // machine (a fixed wait killed it before its first commit under load).
    const someCommitted = new Promise<void>((resolve) => (reached = resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        if (text.includes('started')) resolve();
        for (const m of text.matchAll(/committed (\d+)/g)) if (Number(m[1]) >= 10) reached?.();
      });
      child.on('exit', (code) => reject(new Error(`relay child exited early with ${code}`)));
    });

    // Watch from outside the child (PGlite allows one process, so watch the clock instead of
    // the database there): kill it once it has been delivering for a while.
    if (env.config.databaseUrl) {
      const watcher = await openPlatform(env, stream);
      await waitFor(async () => (await effects(watcher)).total >= 20, { what: 'some deliveries' });
      await watcher.close();
    } else {
      await someCommitted;
    }
    child.kill('SIGKILL');
    await exited;

    const platform = await openPlatform(env, stream);
    const before = await effects(platform);
    expect(before.total).toBeGreaterThan(0);
    expect(before.total).toBeLessThan(total);
    platform.subscribe(effectsConsumer());
    await platform.startBackground();
    cleanups.push(async () => {
      if (platform.transport instanceof JetStreamTransport)
        await platform.transport.destroyStream();
      await platform.close();
    });
    const after = await waitFor(
      async () => {
        const e = await effects(platform);
        return e.distinct_events >= total ? e : undefined;
      },
      { what: 'all events handled after restart', timeoutMs: 30_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await effects(platform)).toEqual({ total, distinct_events: total });
    expect(after.total).toBe(total);
  });
});
