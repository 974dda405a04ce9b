import { describe, expect, it, vi } from 'vitest';
import { mergeLatest, TelemetryWriteBehind, type PendingLatest } from './telemetry-write-behind.ts';

const at = (ms: number) => new Date(Date.UTC(2026, 11, 1) + ms);
const entry = (ms: number, value: number, run: number, allSame: boolean): PendingLatest => ({
  deviceId: 'd1',
  key: 'tiltX',
  ts: at(ms),
  value: JSON.stringify(value),
  run,
  runSince: at(ms - run + 1),
  allSame,
  flatLineLimit: 500,
});

// Nothing here reaches the database: only the in-memory merge is exercised.
const unused = null as never;
const buffer = () => new TelemetryWriteBehind(unused, unused, unused, unused, 0);

describe('latest values written behind', () => {
  it('merges batches as iot_latest would: newer wins, a run of one value goes on', () => {
    const wb = buffer();
    wb.add([entry(10, 1.5, 3, true)], []);
    wb.add([entry(20, 1.5, 2, true)], []);
    expect(wb.pendingOf('d1')).toMatchObject([
      { ts: at(20), value: '1.5', run: 5, runSince: at(8), allSame: true },
    ]);
    // A late reading stays in history only.
    wb.add([entry(5, 9, 1, true)], []);
    expect(wb.pendingOf('d1')[0]).toMatchObject({ ts: at(20), value: '1.5', run: 5 });
    // A different value starts a new run.
    wb.add([entry(30, 1.6, 1, true)], []);
    expect(wb.pendingOf('d1')[0]).toMatchObject({ ts: at(30), value: '1.6', run: 1 });
    expect(wb.pendingKeys).toBe(1);
  });

  it('answers reads with the table row and what is still in memory on top', () => {
    const row = {
      deviceId: 'd1',
      key: 'tiltX',
      ts: at(0),
      value: 1.5,
      sameCount: 498,
      sameSince: at(-497),
    };
    const other = { ...row, key: 'tiltY', value: 0.2, sameCount: 1, sameSince: at(0) };
    const merged = mergeLatest([row, other], [entry(20, 1.5, 2, true)]);
    expect(merged).toEqual([{ ...row, ts: at(20), sameCount: 500, sameSince: at(-497) }, other]);
    // Older than the table: the table's row stands.
    expect(mergeLatest([row], [entry(-5, 3, 1, true)])).toEqual([row]);
  });

  it('trusts a device committed as online only until the given time, or until it went offline', () => {
    const wb = buffer();
    wb.confirmOnline(['d1', 'd2'], () => 1_000);
    expect(wb.knownOnline('d1', 999)).toBe(true);
    expect(wb.knownOnline('d1', 1_000)).toBe(false);
    wb.forgetOnline(['d2']);
    expect(wb.knownOnline('d2', 0)).toBe(false);
  });

  it('writes a flush in chunks, each committed on its own; a failed chunk and the rest stay pending', async () => {
    const commits: string[][] = [];
    let failAt = 2;
    const uow = {
      run: async (work: (ctx: { sql: null }) => Promise<void>) => {
        const calls: string[] = [];
        current = calls;
        await work({ sql: null });
        if (commits.length + 1 === failAt) throw new Error('connection lost');
        commits.push(calls);
      },
    };
    let current: string[] = [];
    const telemetry = {
      upsertLatest: async (_tx: unknown, list: PendingLatest[]) => {
        current.push(...list.map((e) => `${e.deviceId}/${e.key}`));
        return [];
      },
      addIssues: async () => undefined,
    };
    const devices = {
      touch: async (_tx: unknown, seen: Array<{ deviceId: string }>) => {
        current.push(...seen.map((d) => `seen ${d.deviceId}`));
      },
    };
    const wb = new TelemetryWriteBehind(
      uow as never,
      telemetry as never,
      devices as never,
      unused,
      0,
      null,
      2,
    );
    const keyed = (deviceId: string, key: string, ms: number) => ({
      ...entry(ms, ms, 1, true),
      deviceId,
      key,
    });
    wb.add(
      [keyed('d2', 'b', 1), keyed('d1', 'b', 2), keyed('d1', 'a', 3), keyed('d3', 'a', 4)],
      [
        { deviceId: 'd3', at: at(4) },
        { deviceId: 'd1', at: at(3) },
      ],
    );
    await expect(wb.flush()).rejects.toThrow('connection lost');
    // The first chunk committed (key order, last-seen times alongside); the second failed.
    expect(commits).toEqual([['d1/a', 'd1/b', 'seen d1', 'seen d3']]);
    expect(wb.pendingOf('d1')).toEqual([]);
    expect(wb.pendingOf('d2').map((e) => e.key)).toEqual(['b']);
    expect(wb.pendingKeys).toBe(2);
    // A newer value that came in meanwhile stays on top of what is put back.
    wb.add([keyed('d3', 'a', 9)], []);
    failAt = 0;
    await wb.flush();
    expect(commits.slice(1)).toEqual([['d2/b', 'd3/a']]);
    expect(wb.pendingKeys).toBe(0);
  });

  it('pauses after a flush at least three times as long as it took, up to three intervals', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const flushes: number[] = [];
      let takes = 50;
      const uow = {
        run: async (work: (ctx: { sql: null }) => Promise<void>) => {
          flushes.push(performance.now());
          vi.advanceTimersByTime(takes); // the transaction's own time
          await work({ sql: null });
        },
      };
      const repo = { upsertLatest: async () => [], addIssues: async () => undefined };
      const devices = { touch: async () => undefined };
      const wb = new TelemetryWriteBehind(
        uow as never,
        repo as never,
        devices as never,
        unused,
        100,
      );
      const pending = () => wb.add([entry(Date.now(), 1, 1, false)], []);
      pending();
      wb.start();
      await vi.advanceTimersByTimeAsync(100); // first flush at 100, done at 150
      expect(flushes).toEqual([100]);
      pending();
      await vi.advanceTimersByTimeAsync(149); // 50 ms took: pause 150 ms (not the 100 ms interval)
      expect(flushes).toHaveLength(1);
      takes = 500;
      await vi.advanceTimersByTimeAsync(1);
      expect(flushes).toEqual([100, 300]);
      pending();
      // 500 ms took: the pause is capped at three intervals (300 ms), however long a flush takes.
      await vi.advanceTimersByTimeAsync(299);
      expect(flushes).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(flushes).toEqual([100, 300, 1100]);
      expect(wb.maxPauseMs).toBe(300);
      await wb.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
