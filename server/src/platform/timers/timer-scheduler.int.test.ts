import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { Platform } from '../platform.ts';
import {
  createTestEnvironment,
  testDatabaseServer,
  testLogger,
  waitFor,
  type TestEnvironment,
} from '../../../test/support/test-platform.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function open(env: TestEnvironment, nodeId?: string) {
  const platform = await Platform.open({
    config: nodeId ? { ...env.config, nodeId } : env.config,
    logger: testLogger(),
    timerPollIntervalMs: 50,
  });
  await platform.migrate([]);
  await platform.db.exec(
    'CREATE TABLE IF NOT EXISTS test_fired (timer_key text NOT NULL, node text NOT NULL)',
  );
  return platform;
}

function recordingHandler(node: string) {
  return {
    kind: 'test.remind',
    async fire(timer: { key: string }, ctx: { sql: Platform['db']['orm'] }) {
      await ctx.sql.execute(
        sql`INSERT INTO test_fired (timer_key, node) VALUES (${timer.key}, ${node})`,
      );
    },
  };
}

async function firedRows(platform: Platform) {
  return platform.db.rows<{ timer_key: string; node: string }>(
    sql`SELECT timer_key, node FROM test_fired ORDER BY timer_key`,
  );
}

describe('durable timers', () => {
  it('fires due timers once, leaves future and cancelled ones, and keeps the latest schedule of a key', async () => {
    const env = await createTestEnvironment();
    cleanups.push(() => env.cleanup());
    const platform = await open(env);
    cleanups.push(() => platform.close());
    platform.registerTimer(recordingHandler('a'));
    const past = new Date(Date.now() - 60_000);
    await platform.uow.run(async (ctx) => {
      await ctx.schedule({ kind: 'test.remind', key: 'due', dueAt: past });
      await ctx.schedule({
        kind: 'test.remind',
        key: 'future',
        dueAt: new Date(Date.now() + 3_600_000),
      });
      await ctx.schedule({ kind: 'test.remind', key: 'cancelled', dueAt: past });
      await ctx.cancelTimer('test.remind', 'cancelled');
      await ctx.schedule({
        kind: 'test.remind',
        key: 'moved',
        dueAt: new Date(Date.now() + 3_600_000),
      });
      await ctx.schedule({ kind: 'test.remind', key: 'moved', dueAt: past });
    });
    expect(await platform.timers.runDue()).toBe(2);
    expect(await platform.timers.runDue()).toBe(0);
    expect((await firedRows(platform)).map((r) => r.timer_key)).toEqual(['due', 'moved']);
    const future = await platform.timerRepository.find(platform.db.orm, 'test.remind', 'future');
    expect(future?.status).toBe('pending');
  });

  it('rolls back a failing handler, retries it later, and marks it failed after the last attempt', async () => {
    const env = await createTestEnvironment();
    cleanups.push(() => env.cleanup());
    const platform = await open(env);
    cleanups.push(() => platform.close());
    let calls = 0;
    platform.registerTimer({
      kind: 'test.broken',
      async fire(_timer, ctx) {
        calls += 1;
        await ctx.sql.execute(sql`INSERT INTO test_fired (timer_key, node) VALUES ('half', 'x')`);
        throw new Error('downstream unavailable');
      },
    });
    await platform.uow.run((ctx) =>
      ctx.schedule({ kind: 'test.broken', key: 'k', dueAt: new Date(Date.now() - 1000) }),
    );
    await platform.timers.runDue();
    expect(await firedRows(platform)).toEqual([]);
    expect(calls).toBe(1);
    const timer = await platform.timerRepository.find(platform.db.orm, 'test.broken', 'k');
    expect(timer).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'downstream unavailable',
    });
    expect(timer!.dueAt.getTime()).toBeGreaterThan(Date.now());
    // Make it due again each time until the attempts run out.
    for (let i = 0; i < 4; i++) {
      await platform.db.orm.execute(
        sql`UPDATE platform_timers SET due_at = now() - interval '1 second'`,
      );
      await platform.timers.runDue();
    }
    const final = await platform.timerRepository.find(platform.db.orm, 'test.broken', 'k');
    expect(final).toMatchObject({ status: 'failed', attempts: 5 });
  });

  it('fires a timer that fell due while the platform was stopped, after it starts again', async () => {
    const env = await createTestEnvironment({}, { onDisk: true });
    cleanups.push(() => env.cleanup());
    {
      const platform = await open(env);
      await platform.uow.run((ctx) =>
        ctx.schedule({ kind: 'test.remind', key: 'soon', dueAt: new Date(Date.now() + 300) }),
      );
      await platform.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    const platform = await open(env);
    cleanups.push(() => platform.close());
    platform.registerTimer(recordingHandler('restarted'));
    await platform.startBackground();
    const rows = await waitFor(async () => {
      const r = await firedRows(platform);
      return r.length > 0 ? r : undefined;
    });
    expect(rows).toEqual([{ timer_key: 'soon', node: 'restarted' }]);
  });

  it.runIf(testDatabaseServer)(
    'with two nodes on one PostgreSQL database, fires each timer on exactly one node',
    async () => {
      const env = await createTestEnvironment();
      cleanups.push(() => env.cleanup());
      const a = await open(env, 'node-a');
      const b = await open(env, 'node-b');
      cleanups.push(async () => {
        await a.close();
        await b.close();
      });
      a.registerTimer(recordingHandler('node-a'));
      b.registerTimer(recordingHandler('node-b'));
      const count = 400;
      await a.uow.run(async (ctx) => {
        for (let i = 0; i < count; i++) {
          await ctx.schedule({
            kind: 'test.remind',
            key: `t${String(i).padStart(4, '0')}`,
            dueAt: new Date(Date.now() - 1000),
          });
        }
      });
      await Promise.all([a.startBackground(), b.startBackground()]);
      const rows = await waitFor(
        async () => {
          const r = await firedRows(a);
          return r.length >= count ? r : undefined;
        },
        { timeoutMs: 30_000, what: 'all timers fired' },
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await firedRows(a)).length).toBe(count);
      expect(new Set(rows.map((r) => r.timer_key)).size).toBe(count);
      const byNode = new Map<string, number>();
      for (const row of rows) byNode.set(row.node, (byNode.get(row.node) ?? 0) + 1);
      expect(byNode.get('node-a')).toBeGreaterThan(0);
      expect(byNode.get('node-b')).toBeGreaterThan(0);
    },
  );
});
