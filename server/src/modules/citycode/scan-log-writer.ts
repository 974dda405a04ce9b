import { Worker } from 'node:worker_threads';
import type { Database } from '../../platform/db/database.ts';
import { copyFrom } from '../../platform/db/copy-from.ts';
import { appendNewCopy, type ScanLogRepository, type ScanRecord } from './scan-log.repository.ts';

/**
 * Where the scan log's batches are written. In process (PGlite, or when asked) the batch goes
 * through the module's own database handle; on PostgreSQL the answering thread encodes each
 * batch as a binary COPY and a writer thread with its own connections sends it and waits for
 * the commit, so the thread that answers scanners spends nothing on the driver or the socket.
 */
export interface ScanLogWriter {
  /**
   * Fails whole with a unique violation (23505) when an allowed scan repeats a logged one.
   * `shard`: which row of the per-minute counts the batch adds to (batches in flight together
   * use different ones, so they never wait for each other's row locks).
   */
  appendNew(list: ScanRecord[], shard: number): Promise<void>;
  /** Writes what is new; returns the ids of the replays it skipped. */
  appendSkippingReplays(list: ScanRecord[], shard: number): Promise<Set<string>>;
  /** Checks the writer can reach the database (start-up: a broken setup fails loudly). */
  check(): Promise<void>;
  close(): Promise<void>;
}

export function inProcessWriter(db: Database, repository: ScanLogRepository): ScanLogWriter {
  const { copyIn } = db;
  return {
    // One binary COPY plus the counts (PGlite reads the COPY's input as /dev/blob, inside
    // one transaction there).
    appendNew: async (list, shard) => {
      if (list.length === 0) return;
      const { text, data } = appendNewCopy(list, shard);
      if (copyIn) await copyIn(text, data);
      else await db.transaction((tx) => copyFrom(tx, text, data));
    },
    appendSkippingReplays: (list, shard) => repository.appendSkippingReplays(db, list, shard),
    check: async () => undefined,
    close: async () => undefined,
  };
}

/**
 * What the writer thread is asked to do: a batch's COPY, built here (binary rows, so the
 * message is one small buffer the thread hands to the socket), or — rarely, a batch holding
 * a replay — the records themselves as JSON for the skipping statement.
 */
export type WriterRequest =
  | { id: number; op: 'copy'; text: string; data: Uint8Array }
  | { id: number; op: 'skipping'; records: string; shard: number }
  | { id: number; op: 'check' };

/** The records of a skipping request, with their times as Dates again. */
export function recordsOf(json: string): ScanRecord[] {
  const records = JSON.parse(json) as Array<
    Omit<ScanRecord, 'windowAt' | 'scannedAt'> & { windowAt: string; scannedAt: string }
  >;
  return records.map((r) => ({
    ...r,
    windowAt: new Date(r.windowAt),
    scannedAt: new Date(r.scannedAt),
  }));
}

/** What it answers: the ids a skipping write left out, or the database's error. */
export type WriterReply =
  | { id: number; ok: true; skipped: string[] | null }
  | { id: number; ok: false; error: { message: string; code?: string; constraint?: string } };

export interface WriterThreadOptions {
  url: string;
  /** Connections of the thread's pool: one per batch in flight. */
  poolSize: number;
}

/**
 * The PostgreSQL writer on a worker thread. Records cross as structured clones (one message
 * per batch); the thread answers each with the outcome. If the thread dies, the batches in
 * flight fail (their scans get an error, never a false allow) and the next batch starts a
 * new thread.
 */
export class ThreadWriter implements ScanLogWriter {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (skipped: string[] | null) => void; reject: (error: Error) => void }
  >();

  constructor(private readonly options: WriterThreadOptions) {}

  async appendNew(list: ScanRecord[], shard: number): Promise<void> {
    if (list.length === 0) return;
    const { text, data } = appendNewCopy(list, shard);
    await this.call((id) => ({ id, op: 'copy', text, data }));
  }

  async appendSkippingReplays(list: ScanRecord[], shard: number): Promise<Set<string>> {
    if (list.length === 0) return new Set();
    const records = JSON.stringify(list);
    return new Set((await this.call((id) => ({ id, op: 'skipping', records, shard }))) ?? []);
  }

  async check(): Promise<void> {
    await this.call((id) => ({ id, op: 'check' }));
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private call(request: (id: number) => WriterRequest): Promise<string[] | null> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(request(id));
    });
  }

  private start(): Worker {
    const worker = new Worker(new URL('./scan-log.worker.mjs', import.meta.url), {
      workerData: this.options,
    });
    // The thread never keeps the process alive on its own; close() ends it.
    worker.unref();
    worker.on('message', (reply: WriterReply) => this.settle(reply));
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`scan log writer exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private settle(reply: WriterReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.skipped);
    else waiting.reject(Object.assign(new Error(reply.error.message), reply.error));
  }

  private fail(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = null;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiting) w.reject(error);
  }
}
