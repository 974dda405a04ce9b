/**
 * `COPY … FROM STDIN` inside an open transaction, for write paths that store many rows a
 * second (IoT readings). node-postgres drives a "submittable" through its handle* callbacks,
 * which is all pg-copy-streams builds on; one prepared buffer needs no stream. PGlite has no
 * STDIN: there the same statement reads the buffer as `'/dev/blob'` (PGlite's way of handing
 * a COPY its input), 2.5–3.5 times the rows per second of an `INSERT … SELECT unnest(…)`.
 */
import type pg from 'pg';
import type { Sql } from './database.ts';

interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  stream?: { cork?: () => void; uncork?: () => void };
}

class CopyFromStdin {
  private settle: (error: Error | null) => void = () => undefined;
  readonly finished = new Promise<void>((resolve, reject) => {
    this.settle = (error) => (error ? reject(error) : resolve());
  });

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
  ) {}

  /**
   * The statement, the data and its end leave together (one write, one round trip) instead of
   * the data waiting for the server's CopyInResponse. If the statement fails before the
   * server enters copy mode (no such table), PostgreSQL ignores the CopyData and CopyDone that
   * follow ("accept but ignore", as the protocol says), so the connection stays usable.
   */
  submit(connection: PgConnection): void {
    const stream = connection.stream;
    stream?.cork?.();
    connection.query(this.text);
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
    stream?.uncork?.();
  }

  /** The data is on its way already (see submit). */
  handleCopyInResponse(): void {}

  handleCommandComplete(): void {}

  // After an ErrorResponse pg forgets the active query (no handleReadyForQuery follows) and
  // sends the next queued one once the server is ready again: settle here.
  handleError(error: Error): void {
    this.settle(error);
  }

  handleReadyForQuery(): void {
    this.settle(null);
  }
}

/** The node-postgres client under a Drizzle transaction handle, or null (PGlite, no tx). */
function clientOf(tx: Sql): pg.ClientBase | null {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client as
    (pg.ClientBase & { release?: unknown }) | undefined;
  // A transaction holds a checked-out client (it has release()); a pool is not one connection.
  return client && typeof client.query === 'function' && typeof client.release === 'function'
    ? client
    : null;
}

/** What a PGlite transaction offers (the client under a Drizzle PGlite transaction). */
interface PgliteTransaction {
  exec(query: string, options?: { blob?: Blob }): Promise<unknown>;
  rollback(): Promise<void>;
}

/** The PGlite transaction under a Drizzle transaction handle, or null. */
function pgliteOf(tx: Sql): PgliteTransaction | null {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client as
    Partial<PgliteTransaction & { release: unknown }> | undefined;
  // A PGlite transaction can roll back and is no pooled client; the PGlite instance itself
  // (no transaction) has no rollback().
  return client &&
    typeof client.exec === 'function' &&
    typeof client.rollback === 'function' &&
    client.release === undefined
    ? (client as PgliteTransaction)
    : null;
}

/** Whether `copyFrom` can run on this handle (a node-postgres or PGlite transaction). */
export function copySupported(tx: Sql): boolean {
  return clientOf(tx) !== null || pgliteOf(tx) !== null;
}

/**
 * Runs `COPY <table> (<columns>) FROM STDIN …` with `data` as its whole input, on the
 * transaction's connection. Rejects with PostgreSQL's error (its `code`, e.g. 23505) when the
 * server refuses; the transaction is then aborted unless the caller set a savepoint. `text`
 * may hold statements before the COPY (`SAVEPOINT s; COPY …`), run in the same round trip.
 */
export async function copyFrom(tx: Sql, text: string, data: Buffer): Promise<void> {
  const client = clientOf(tx);
  if (client) return copyFromClient(client, text, data);
  const pglite = pgliteOf(tx);
  if (!pglite) throw new Error('COPY FROM STDIN needs a node-postgres or PGlite transaction');
  if (!/ FROM STDIN\b/.test(text)) throw new Error(`not a COPY FROM STDIN: ${text.slice(0, 80)}`);
  await pglite.exec(text.replace(/ FROM STDIN\b/, " FROM '/dev/blob'"), {
    blob: new Blob([data]),
  });
}

/**
 * The same on a plain connection. `text` may go on after the COPY with further statements
 * (`COPY … FROM STDIN; INSERT …`): PostgreSQL runs the whole simple query as one implicit
 * transaction, so all of it commits or none — one round trip.
 */
export async function copyFromClient(
  client: pg.ClientBase,
  text: string,
  data: Buffer,
): Promise<void> {
  const copy = new CopyFromStdin(text, data);
  // The submittable is not a Query; pg drives it through the handle* callbacks.
  void client.query(copy as unknown as pg.QueryConfig);
  await copy.finished;
}

/**
 * `copyFromClient` on a connection borrowed from `pool`, returned afterwards — destroyed
 * instead when the failure was not PostgreSQL refusing the data (a broken socket).
 */
export async function copyFromPool(pool: pg.Pool, text: string, data: Buffer): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await copyFromClient(client, text, data);
  } catch (error) {
    if (!(error as { code?: string }).code) broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}

const PGCOPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_32 = 2 ** 32;

/**
 * Writes rows in COPY's binary format (no text parsing on the server: uuids, timestamps and
 * floats arrive as their binary values). Fields are added in column order per row.
 */
export class BinaryCopyWriter {
  private buf: Buffer;
  private at: number;

  constructor(estimatedBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(Math.max(64, estimatedBytes));
    PGCOPY_SIGNATURE.copy(this.buf, 0);
    this.buf.writeInt32BE(0, 11); // flags
    this.buf.writeInt32BE(0, 15); // header extension length
    this.at = 19;
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + bytes));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  row(fields: number): this {
    this.room(2);
    this.buf.writeInt16BE(fields, this.at);
    this.at += 2;
    return this;
  }

  null(): this {
    this.room(4);
    this.buf.writeInt32BE(-1, this.at);
    this.at += 4;
    return this;
  }

  /** A uuid in its text form (8-4-4-4-12 hex digits). */
  uuid(id: string): this {
    this.room(20);
    this.buf.writeInt32BE(16, this.at);
    const b = this.buf;
    let o = this.at + 4;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      if (c === 45) continue; // '-'
      const d = id.charCodeAt(++i);
      b[o++] = (hex(c) << 4) | hex(d);
    }
    if (o !== this.at + 20) throw new Error(`not a uuid: ${id}`);
    this.at = o;
    return this;
  }

  /** Bytes already encoded (e.g. a text value reused across rows). */
  bytes(value: Buffer): this {
    this.room(4 + value.length);
    this.buf.writeInt32BE(value.length, this.at);
    value.copy(this.buf, this.at + 4);
    this.at += 4 + value.length;
    return this;
  }

  text(value: string): this {
    const length = Buffer.byteLength(value, 'utf8');
    this.room(4 + length);
    this.buf.writeInt32BE(length, this.at);
    this.buf.write(value, this.at + 4, length, 'utf8');
    this.at += 4 + length;
    return this;
  }

  /** A timestamptz from epoch milliseconds. */
  timestamp(ms: number): this {
    this.room(12);
    const us = (ms - PG_EPOCH_MS) * 1000;
    const high = Math.floor(us / TWO_32);
    this.buf.writeInt32BE(8, this.at);
    this.buf.writeInt32BE(high, this.at + 4);
    this.buf.writeUInt32BE(us - high * TWO_32, this.at + 8);
    this.at += 12;
    return this;
  }

  float8(value: number): this {
    this.room(12);
    this.buf.writeInt32BE(8, this.at);
    this.buf.writeDoubleBE(value, this.at + 4);
    this.at += 12;
    return this;
  }

  bool(value: boolean): this {
    this.room(5);
    this.buf.writeInt32BE(1, this.at);
    this.buf[this.at + 4] = value ? 1 : 0;
    this.at += 5;
    return this;
  }

  /** The whole COPY input, trailer included. */
  finish(): Buffer {
    this.room(2);
    this.buf.writeInt16BE(-1, this.at);
    this.at += 2;
    return this.buf.subarray(0, this.at);
  }
}

function hex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  throw new Error(`not a hex digit: ${String.fromCharCode(c)}`);
}
