import type { Logger } from 'pino';
import type { UnitOfWork } from '../../platform/unit-of-work.ts';
import type { DeviceRepository } from './device.repository.ts';
import type { IotMetrics } from './iot.metrics.ts';
import type { IssueInput, LatestInput, TelemetryRepository } from './telemetry.repository.ts';

/** A key's newest value from committed batches, not yet in `iot_latest`. */
export interface PendingLatest extends LatestInput {
  /** Identical values in a row that make the key stuck (null: never). */
  flatLineLimit: number | null;
}

/** A device heard of in committed batches, not yet in `iot_device_state`. */
export interface PendingSeen {
  deviceId: string;
  at: Date;
}

/** The default pause between two flushes. */
export const DEFAULT_FLUSH_MS = 1000;

/** The pause after a flush is at least this many times the flush's own duration. */
export const FLUSH_DUTY = 3;

/**
 * Keys (and devices' last-seen times) per transaction of a flush, by database. PGlite has one
 * connection: a readings batch waits for the transaction in progress, so a flush is written in
 * short transactions and batches go between them (about 20 ms each on PGlite at 1,000 keys,
 * against a few hundred for a whole 10,000-key flush). On PostgreSQL the flush has its own
 * connection and batches do not wait for it; the chunk only bounds a statement's size.
 */
export const FLUSH_CHUNK = { pglite: 1_000, postgres: 10_000 } as const;

/**
 * Latest values and last-seen times, written behind the readings.
 *
 * Readings are what a PUBACK promises, so they commit before the acknowledgement. The latest
 * value of a key and the time a device was last heard of are summaries of those readings that
 * every batch would otherwise rewrite (an upsert per key and an update per device, most of the
 * ingest time): here they are merged in memory per device and key and written about once a
 * second in one transaction, in key order, with the flat-line ("stuck") check. So those writes grow with the devices that reported in a second,
 * not with the readings, and never contend with the batches.
 *
 * Reads of latest values merge what is still here (`pendingOf`), so this node answers with the
 * newest value at once; other nodes see it within a flush. A crash loses at most the summaries
 * of the last flush interval — never a reading — and a device's next message repairs them.
 */
export class TelemetryWriteBehind {
  private latest = new Map<string, Map<string, PendingLatest>>();
  private seen = new Map<string, PendingSeen>();
  /** What the flush in progress writes: still visible to reads until it committed. */
  private writing = new Map<string, Map<string, PendingLatest>>();
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Until when (ms) a device counts as online without asking the database again. */
  private onlineUntil = new Map<string, number>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly telemetry: TelemetryRepository,
    private readonly devices: DeviceRepository,
    private readonly metrics: IotMetrics,
    private readonly intervalMs = DEFAULT_FLUSH_MS,
    private readonly log: Pick<Logger, 'warn'> | null = null,
    private readonly chunk: number = FLUSH_CHUNK.postgres,
  ) {}

  /**
   * Flushes every `intervalMs` until `stop`, or less often when a flush takes long: the pause
   * after a flush is at least `FLUSH_DUTY` times what it took, so writing summaries never takes
   * more than about a quarter of the database's time, however fast devices report (a key that
   * reports again meanwhile is merged in memory, not written twice).
   */
  start(): void {
    if (this.timer || this.intervalMs <= 0) return;
    this.stopped = false;
    this.schedule(this.intervalMs);
  }

  /** The longest pause between two flushes: last-seen times written behind are this late at most (plus a flush). */
  get maxPauseMs(): number {
    return 3 * this.intervalMs;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      const started = performance.now();
      this.flush()
        .catch((error: unknown) =>
          this.log?.warn(
            { err: (error as Error).message },
            'writing latest values failed; retrying',
          ),
        )
        .finally(() => {
          if (this.stopped) return;
          const took = performance.now() - started;
          this.schedule(Math.min(this.maxPauseMs, Math.max(this.intervalMs, FLUSH_DUTY * took)));
        });
    }, delayMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is pending (shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  get pendingKeys(): number {
    let n = 0;
    for (const keys of this.latest.values()) n += keys.size;
    return n;
  }

  /** Takes what a batch changed, once it committed. */
  add(latest: PendingLatest[], seen: PendingSeen[]): void {
    for (const entry of latest) mergeInto(this.latest, entry);
    for (const s of seen) {
      const known = this.seen.get(s.deviceId);
      if (!known || known.at < s.at) this.seen.set(s.deviceId, s);
    }
  }

  /**
   * Whether a batch committed this device as online lately. Such a device's last-seen time
   * is written behind; any other device is marked online (and announced) inside its batch.
   */
  knownOnline(deviceId: string, now: number): boolean {
    const until = this.onlineUntil.get(deviceId);
    return until !== undefined && until > now;
  }

  /** A batch committed these devices as online; trust that until `until` (ms). */
  confirmOnline(deviceIds: Iterable<string>, until: (deviceId: string) => number): void {
    for (const id of deviceIds) this.onlineUntil.set(id, until(id));
  }

  /** These devices went offline (the connectivity sweep): their next message marks them online. */
  forgetOnline(deviceIds: Iterable<string>): void {
    for (const id of deviceIds) this.onlineUntil.delete(id);
  }

  /** Latest values of a device newer than what `iot_latest` may hold (merge with `mergeLatest`). */
  pendingOf(deviceId: string): PendingLatest[] {
    const written = this.writing.get(deviceId);
    const waiting = this.latest.get(deviceId);
    if (!written && !waiting) return [];
    const merged = new Map<string, PendingLatest>(written);
    for (const entry of waiting?.values() ?? []) {
      const before = merged.get(entry.key);
      merged.set(entry.key, before ? combine(before, entry) : entry);
    }
    return [...merged.values()];
  }

  /** Writes everything pending now; resolves when it committed (or rejects, keeping it). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing.catch(() => undefined);
    if (this.latest.size === 0 && this.seen.size === 0) return;
    const latest = this.latest;
    const seen = this.seen;
    this.latest = new Map();
    this.seen = new Map();
    this.writing = latest;
    this.flushing = this.write(latest, seen).then(
      () => {
        this.writing = new Map();
        this.flushing = null;
      },
      (error: unknown) => {
        // Put back what no transaction committed, under anything newer that arrived meanwhile;
        // the next flush retries it.
        for (const keys of latest.values()) {
          for (const entry of keys.values()) mergeInto(this.latest, entry, true);
        }
        for (const s of seen.values()) {
          const known = this.seen.get(s.deviceId);
          if (!known || known.at < s.at) this.seen.set(s.deviceId, s);
        }
        this.writing = new Map();
        this.flushing = null;
        throw error;
      },
    );
    return this.flushing;
  }

  private async write(
    latest: Map<string, Map<string, PendingLatest>>,
    seen: Map<string, PendingSeen>,
  ): Promise<void> {
    // Key order: two nodes (or a node and the connectivity sweep) never lock rows crosswise.
    const entries: PendingLatest[] = [];
    for (const id of [...latest.keys()].sort()) {
      const keys = latest.get(id) as Map<string, PendingLatest>;
      for (const key of [...keys.keys()].sort()) entries.push(keys.get(key) as PendingLatest);
    }
    const devices = [...seen.values()].sort((a, b) =>
      a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0,
    );
    const now = new Date();
    for (const [id, until] of this.onlineUntil)
      if (until <= now.getTime()) this.onlineUntil.delete(id);
    // In chunks, each its own transaction, in key order all the same. What a chunk committed
    // leaves `latest` and `seen` (the maps reads and a failed flush look at) at once.
    for (let i = 0; i < Math.max(entries.length, devices.length); i += this.chunk) {
      const part = entries.slice(i, i + this.chunk);
      const seenPart = devices.slice(i, i + this.chunk);
      await this.uow.run(async (ctx) => {
        const runs = await this.telemetry.upsertLatest(ctx.sql, part);
        const stuck: IssueInput[] = [];
        for (const run of runs) {
          const entry = latest.get(run.deviceId)?.get(run.key);
          const limit = entry?.flatLineLimit;
          // Counted once, when the run crosses the limit.
          if (entry && limit && run.sameCount >= limit && run.sameCount - entry.run < limit) {
            stuck.push({
              deviceId: run.deviceId,
              key: run.key,
              kind: 'stuck',
              count: 1,
              at: now,
              detail: `same value ${run.sameCount} times in a row`,
            });
          }
        }
        if (stuck.length > 0) {
          await this.telemetry.addIssues(ctx.sql, stuck);
          for (let k = 0; k < stuck.length; k++) this.metrics.issues.inc({ kind: 'stuck' });
        }
        // Last-seen times of devices a batch confirmed online lately. A device the sweep took
        // offline meanwhile stays offline here: its next message marks it online and announces it.
        await this.devices.touch(
          ctx.sql,
          seenPart.map((d) => ({ deviceId: d.deviceId, at: d.at })),
        );
      });
      for (const entry of part) latest.get(entry.deviceId)?.delete(entry.key);
      for (const d of seenPart) seen.delete(d.deviceId);
    }
  }
}

/**
 * What `iot_latest` does with two updates in a row, done in memory: a newer value replaces
 * the older one, and a run of the same value goes on when the newer batch only carried it.
 */
function combine(older: PendingLatest, newer: PendingLatest): PendingLatest {
  if (newer.ts < older.ts) return older;
  if (newer.allSame && newer.value === older.value) {
    return {
      ...newer,
      run: older.run + newer.run,
      runSince: older.runSince,
      allSame: older.allSame,
    };
  }
  return newer;
}

function mergeInto(
  target: Map<string, Map<string, PendingLatest>>,
  entry: PendingLatest,
  older = false,
): void {
  let keys = target.get(entry.deviceId);
  if (!keys) {
    keys = new Map();
    target.set(entry.deviceId, keys);
  }
  const known = keys.get(entry.key);
  if (!known) keys.set(entry.key, entry);
  else if (older) keys.set(entry.key, combine(entry, known));
  else if (entry.ts < known.ts) return;
  else if (entry.allSame && entry.value === known.value) {
    // `entry` is a batch's own, handed over: extend the run in place (no copy per key).
    entry.run += known.run;
    entry.runSince = known.runSince;
    entry.allSame = known.allSame;
    keys.set(entry.key, entry);
  } else keys.set(entry.key, entry);
}

/** A row of `iot_latest`. */
export interface LatestRow {
  deviceId: string;
  key: string;
  ts: Date;
  value: unknown;
  sameCount: number;
  sameSince: Date;
}

/** A device's `iot_latest` rows with what this node has not written yet on top, by key. */
export function mergeLatest(rows: LatestRow[], pending: PendingLatest[]): LatestRow[] {
  if (pending.length === 0) return rows;
  const byKey = new Map(rows.map((r) => [r.key, r]));
  for (const entry of pending) {
    const row = byKey.get(entry.key);
    if (row && entry.ts < row.ts) continue;
    const continues =
      row !== undefined && entry.allSame && JSON.stringify(row.value) === entry.value;
    byKey.set(entry.key, {
      deviceId: entry.deviceId,
      key: entry.key,
      ts: entry.ts,
      value: JSON.parse(entry.value) as unknown,
      sameCount: continues ? row.sameCount + entry.run : entry.run,
      sameSince: continues ? row.sameSince : entry.runSince,
    });
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
