import { describe, expect, it } from 'vitest';
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
});
