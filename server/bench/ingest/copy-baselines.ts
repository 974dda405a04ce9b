/**
 * The storage baselines of the ingest benchmark: the same readings written the fastest way
 * each database offers — `COPY … FROM STDIN` into PostgreSQL (through `pg`'s submittable
 * query interface, which is what pg-copy-streams builds on; that package is not installed
 * here) and `COPY … FROM '/dev/blob'` into PGlite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface CopyRow {
  deviceId: string;
  key: string;
  ts: number;
  num: number | null;
  str: string | null;
  bool: boolean | null;
}

/** The same columns and primary key as iot_telemetry (one table instead of day partitions). */
const TABLE = `CREATE TABLE bench_copy (
  device_id uuid NOT NULL, key text NOT NULL, ts timestamptz NOT NULL,
  num double precision, str text, bool boolean,
  PRIMARY KEY (device_id, key, ts))`;

const text = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');

/** COPY's text format, one chunk per `rowsPerChunk` rows. */
function* chunks(rows: CopyRow[], rowsPerChunk = 5000): Generator<string> {
  for (let i = 0; i < rows.length; i += rowsPerChunk) {
    let out = '';
    for (const r of rows.slice(i, i + rowsPerChunk)) {
      out += `${r.deviceId}\t${text(r.key)}\t${new Date(r.ts).toISOString()}\t${r.num ?? '\\N'}\t${r.str === null ? '\\N' : text(r.str)}\t${r.bool === null ? '\\N' : r.bool ? 't' : 'f'}\n`;
    }
    yield out;
  }
}

interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** A minimal COPY FROM STDIN for `pg`: a "submittable" the client drives. */
class CopyFrom {
  private error: Error | null = null;
  readonly finished: Promise<void>;
  private settle: (error: Error | null) => void = () => undefined;

  constructor(
    private readonly sql: string,
    private readonly data: Iterable<string>,
  ) {
    this.finished = new Promise((resolve, reject) => {
      this.settle = (error) => (error ? reject(error) : resolve());
    });
  }

  submit(connection: PgConnection): void {
    connection.query(this.sql);
  }

  handleCopyInResponse(connection: PgConnection): void {
    for (const chunk of this.data) connection.sendCopyFromChunk(Buffer.from(chunk));
    connection.endCopyFrom();
  }

  handleCommandComplete(): void {}

  handleError(error: Error): void {
    this.error = error;
  }

  handleReadyForQuery(): void {
    this.settle(this.error);
  }
}

/** Rows per second COPY writes into PostgreSQL (best of `rounds`, fresh table each). */
export async function postgresCopy(url: string, rows: CopyRow[], rounds = 2): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let best = 0;
    for (let r = 0; r < rounds; r++) {
      await client.query('DROP TABLE IF EXISTS bench_copy');
      await client.query(TABLE);
      const t0 = performance.now();
      const copy = new CopyFrom(
        'COPY bench_copy (device_id, key, ts, num, str, bool) FROM STDIN',
        chunks(rows),
      );
      // The submittable is not a Query; pg drives it through the handle* callbacks.
      void client.query(copy as unknown as pg.QueryConfig);
      await copy.finished;
      best = Math.max(best, rows.length / ((performance.now() - t0) / 1000));
    }
    const [count] = (await client.query('SELECT count(*)::int AS n FROM bench_copy'))
      .rows as Array<{
      n: number;
    }>;
    if (count?.n !== rows.length) throw new Error(`COPY stored ${count?.n} of ${rows.length} rows`);
    await client.query('DROP TABLE bench_copy');
    return best;
  } finally {
    await client.end();
  }
}

/** Rows per second COPY writes into a fresh on-disk PGlite (as the embedded profile uses). */
export async function pgliteCopy(rows: CopyRow[], rounds = 2): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onecity-bench-pglite-'));
  const db = await PGlite.create(dir);
  try {
    let best = 0;
    for (let r = 0; r < rounds; r++) {
      await db.exec(`DROP TABLE IF EXISTS bench_copy; ${TABLE}`);
      const t0 = performance.now();
      const blob = new Blob([...chunks(rows)]);
      await db.query("COPY bench_copy (device_id, key, ts, num, str, bool) FROM '/dev/blob'", [], {
        blob,
      });
      best = Math.max(best, rows.length / ((performance.now() - t0) / 1000));
    }
    const count = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_copy');
    if (count.rows[0]?.n !== rows.length) {
      throw new Error(`PGlite COPY stored ${count.rows[0]?.n} of ${rows.length} rows`);
    }
    return best;
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
