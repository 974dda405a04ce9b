import crypto from 'node:crypto';
import { MicroBatcher, type MicroBatcherOptions } from '../../platform/batching/micro-batcher.ts';
import { isRetryable, type Database, type Sql } from '../../platform/db/database.ts';
import { inProcessWriter, type ScanLogWriter } from './scan-log-writer.ts';
import {
  isReplayConflict,
  partitionDay,
  partitionName,
  type ScanLogRepository,
  type ScanRecord,
} from './scan-log.repository.ts';

const DAY_MS = 86_400_000;
/** Per-minute counts are kept this long (the big screen shows the last hours). */
const COUNT_RETENTION_DAYS = 31;
/** Count shards are `base + slot`, the base drawn per process from this many (smallint range). */
const SHARD_BASES = 4096;
const SHARDS_PER_BASE = 8;

/** What became of a scan once its batch committed. */
export type Logged = 'written' | 'replayed';

/**
 * The durable, append-only scan log. Scans queue in a micro-batcher and each caller waits
 * for its batch's commit, so a scan is answered only once it is on disk. A batch leaves as
 * soon as a write slot is free and grows while they are busy (group commit). One plain
 * statement per batch writes the scans and adds them to the per-minute counts (each batch in
 * flight to its own shard of them, so concurrent batches never queue on one count row's lock
 * behind each other's commit); when the
 * unique index rejects an allowed scan (the same code at the same scanner, maybe through
 * another node) the batch is written again skipping it, and it becomes a `replayed`
 * denial, written by a third statement.
 */
export class ScanLog {
  private readonly batcher: MicroBatcher<ScanRecord, Logged>;
  private known = new Set<string>();
  /** UTC day numbers whose partition is known to exist: the per-scan check is one lookup. */
  private knownDays = new Set<number>();
  /** Told of every committed batch, with the final decisions (replays as denials). */
  onLogged:
    ((scans: Array<Pick<ScanRecord, 'scannerId' | 'scannedAt' | 'decision'>>) => void) | null =
    null;
  /** Told of every batch that committed: its size and how long it took to write. */
  onBatch: ((scans: number, seconds: number) => void) | null = null;

  private readonly writer: ScanLogWriter;
  /** This process's count shards: `base + slot`, one slot per batch in flight. */
  private readonly shardBase: number;
  private readonly freeSlots: number[];

  constructor(
    private readonly db: Database,
    private readonly repository: ScanLogRepository,
    options: MicroBatcherOptions & { writer?: ScanLogWriter } = {},
  ) {
    const { writer, ...batching } = options;
    this.writer = writer ?? inProcessWriter(db, repository);
    const settings = {
      maxItems: 2_000,
      // Group commit: a batch leaves when a slot is free and grows while the slots are busy.
      maxDelayMs: 0,
      // PGlite runs one statement at a time; a PostgreSQL pool takes batches side by side.
      concurrency: db.kind === 'postgres' ? 3 : 1,
      maxQueued: 50_000,
      ...batching,
    };
    this.batcher = new MicroBatcher((batch) => this.flush(batch), settings);
    // Other API nodes draw other bases: their batches rarely share a count row either.
    const slots = Math.min(settings.concurrency, SHARDS_PER_BASE);
    this.shardBase = slots > 1 ? crypto.randomInt(0, SHARD_BASES) * SHARDS_PER_BASE : 0;
    this.freeSlots = Array.from({ length: SHARDS_PER_BASE }, (_, i) => SHARDS_PER_BASE - 1 - i);
  }

  append(record: ScanRecord): Promise<Logged> {
    return this.batcher.add(record);
  }

  get queued(): number {
    return this.batcher.queued;
  }

  drain(): Promise<void> {
    return this.batcher.drain();
  }

  /** Waits for the batches in flight, then stops the writer (its thread, if any). */
  async close(): Promise<void> {
    await this.batcher.drain();
    await this.writer.close();
  }

  /** Start-up: checks the writer reaches the database, then creates the partitions from yesterday to two days ahead. */
  async init(now = new Date()): Promise<void> {
    await this.writer.check();
    this.known = new Set(await this.repository.partitions(this.db.orm));
    const days = [-1, 0, 1, 2].map((d) => new Date(now.getTime() + d * DAY_MS));
    await this.ensure(days);
  }

  /**
   * The periodic pass: partitions a week ahead, partitions past the retention dropped,
   * old per-minute counts deleted.
   */
  async maintain(sql: Sql, now: Date, retentionDays: number) {
    const created: string[] = [];
    const dropped: string[] = [];
    for (let d = -1; d <= 7; d++) {
      const day = new Date(now.getTime() + d * DAY_MS);
      if (await this.repository.createPartition(sql, day)) created.push(partitionName(day));
    }
    const cutoff = now.getTime() - retentionDays * DAY_MS;
    for (const name of await this.repository.partitions(sql)) {
      const day = partitionDay(name);
      if (day && day.getTime() + DAY_MS <= cutoff) {
        await this.repository.dropPartition(sql, name);
        this.known.delete(name);
        this.knownDays.delete(Math.floor(day.getTime() / DAY_MS));
        dropped.push(name);
      }
    }
    const countsDeleted = await this.repository.deleteCountsBefore(
      sql,
      new Date(now.getTime() - COUNT_RETENTION_DAYS * DAY_MS),
    );
    return { created, dropped, countsDeleted };
  }

  private async ensure(times: Date[]): Promise<void> {
    const missing = new Map<string, Date>();
    for (const t of times) {
      if (this.knownDays.has(Math.floor(t.getTime() / DAY_MS))) continue;
      const name = partitionName(t);
      if (this.known.has(name)) this.knownDays.add(Math.floor(t.getTime() / DAY_MS));
      else if (!missing.has(name)) missing.set(name, t);
    }
    if (missing.size === 0) return;
    this.known = new Set(await this.repository.partitions(this.db.orm));
    for (const [name, day] of missing) {
      if (this.known.has(name)) continue;
      await this.db.transaction((tx) => this.repository.createPartition(tx, day));
      this.known.add(name);
    }
  }

  private async flush(batch: ScanRecord[]): Promise<Logged[]> {
    const slot = this.freeSlots.pop() ?? 0;
    const started = performance.now();
    try {
      const results = await this.write(batch, this.shardBase + slot);
      this.onBatch?.(batch.length, (performance.now() - started) / 1000);
      return results;
    } finally {
      this.freeSlots.push(slot);
    }
  }

  private async write(batch: ScanRecord[], shard: number): Promise<Logged[]> {
    // Replays become denials logged at their scan time: make sure that day exists too.
    const days = batch.map((r) => r.windowAt);
    days.push(batch[0]!.scannedAt, batch[batch.length - 1]!.scannedAt);
    await this.ensure(days);
    let skipped: Set<string>;
    try {
      await retryOnDeadlock(() => this.writer.appendNew(batch, shard));
      skipped = new Set();
    } catch (error) {
      if (!isReplayConflict(error)) throw error;
      // Some allowed scan repeats one already logged: the batch wrote nothing; write it
      // again skipping the replays (a rarer, slower statement).
      skipped = await retryOnDeadlock(() => this.writer.appendSkippingReplays(batch, shard));
    }
    const results: Logged[] = new Array(batch.length);
    const replays: ScanRecord[] = [];
    batch.forEach((record, i) => {
      if (!skipped.has(record.id)) {
        results[i] = 'written';
      } else {
        results[i] = 'replayed';
        replays.push({
          ...record,
          decision: 'deny',
          reason: 'replayed',
          rule: null,
          windowAt: record.scannedAt,
        });
      }
    });
    if (replays.length > 0) {
      // Denials never conflict (the unique index holds allowed scans only).
      await retryOnDeadlock(() => this.writer.appendNew(replays, shard));
    }
    if (this.onLogged) {
      this.onLogged(
        replays.length === 0
          ? batch
          : batch.map((r, i) => (results[i] === 'replayed' ? { ...r, decision: 'deny' } : r)),
      );
    }
    return results;
  }
}

/**
 * A batch is one statement, so a deadlock (two batches adding to the same per-minute counts)
 * rolls all of it back and it can simply run again.
 */
async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
    }
  }
}
