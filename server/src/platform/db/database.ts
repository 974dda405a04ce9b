import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { AppError } from '../errors/app-error.ts';
import { copyFromPool } from './copy-from.ts';

/** A Drizzle handle: the database itself or an open transaction; repositories accept either. */
export type Sql = PgDatabase<PgQueryResultHKT>;

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  readonly orm: Sql;
  /** Runs a script of several statements (migrations); no parameters. */
  exec(script: string): Promise<void>;
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /** Runs one query built with Drizzle's `sql` tag and returns its rows. */
  rows<R>(query: SQL, tx?: Sql): Promise<R[]>;
  /**
   * One hot statement, outside any transaction, as text with $n parameters. On PostgreSQL it
   * is a named prepared statement, parsed and planned once per pooled connection instead of
   * on every call (what a write path running hundreds of batches a second wants); PGlite
   * runs it as a plain query.
   */
  statement<R>(name: string, text: string, params: unknown[]): Promise<R[]>;
  /**
   * `COPY … FROM STDIN` with `data` as its input, optionally followed by further statements
   * in the same text, as one implicit transaction on a pooled connection (see copy-from.ts).
   * Null on PGlite, which has no STDIN: callers keep an INSERT for it.
   */
  readonly copyIn: ((text: string, data: Buffer) => Promise<void>) | null;
  /** A transaction on the driver itself, for scripts of several statements (migrations). */
  rawTransaction<T>(work: (tx: RawTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface RawTx {
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  exec(script: string): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL URL; when null the embedded PGlite is used. */
  url: string | null;
  /** Directory for PGlite's files; `memory://` keeps it in memory (tests). */
  dataDir: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url
    ? openPostgres(options.url, options.poolSize ?? 10)
    : openPglite(options.dataDir);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // Pool errors on idle clients (server restart) must not crash the process.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new AppError(
      'database_unreachable',
      503,
      `Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`,
    );
  }
  const orm = drizzlePg(pool) as unknown as Sql;
  return {
    kind: 'postgres',
    orm,
    async exec(script) {
      await pool.query(script);
    },
    transaction: (work) => orm.transaction((tx) => work(tx as unknown as Sql)),
    rows: (query, tx) => selectRows(tx ?? orm, query),
    async statement<R>(name: string, text: string, params: unknown[]) {
      return (await pool.query({ name, text, values: params })).rows as R[];
    },
    copyIn: (text: string, data: Buffer) => copyFromPool(pool, text, data),
    async rawTransaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <R>(text: string, params?: unknown[]) => {
            const res = await client.query(text, params);
            return { rows: res.rows as R[] };
          },
          exec: async (script) => {
            await client.query(script);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  let release = (): void => undefined;
  let client: PGlite;
  // pg_trgm (trigram search, used for Chinese text) ships with PostgreSQL's contrib; PGlite
  // loads it as an extension, so `CREATE EXTENSION pg_trgm` works the same on both.
  const extensions = { pg_trgm };
  if (inMemory) {
    client = await PGlite.create({ extensions });
  } else {
    const dir = path.join(dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    release = lockDataDir(dataDir);
    try {
      client = await PGlite.create(dir, { extensions });
    } catch (error) {
      release();
      throw error;
    }
  }
  const orm = drizzlePglite(client) as unknown as Sql;
  return {
    kind: 'pglite',
    copyIn: null,
    orm,
    async exec(script) {
      await client.exec(script);
    },
    transaction: (work) => orm.transaction((tx) => work(tx as unknown as Sql)),
    rows: (query, tx) => selectRows(tx ?? orm, query),
    async statement<R>(_name: string, text: string, params: unknown[]) {
      return (await client.query<R>(text, params)).rows;
    },
    rawTransaction: (work) =>
      client.transaction((tx) =>
        work({
          query: async <R>(text: string, params?: unknown[]) => {
            const res = await tx.query<R>(text, params);
            return { rows: res.rows };
          },
          exec: async (script) => {
            await tx.exec(script);
          },
        }),
      ),
    async close() {
      await client.close();
      release();
    },
  };
}

/**
 * PGlite is a single-process database: two processes opening one data dir would corrupt
 * it, so the second one is refused with a message that says which process holds it.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'onecity.lock');
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(fs.readFileSync(lockFile, 'utf8'));
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
      throw new AppError(
        'data_dir_locked',
        503,
        `The data directory ${dataDir} is in use by process ${holder}. Stop it first, or set ONECITY_DATA_DIR to another directory.`,
      );
    }
    fs.writeFileSync(lockFile, String(process.pid));
  }
  return () => {
    try {
      if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      // already gone
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}

async function selectRows<R>(db: Sql, query: SQL): Promise<R[]> {
  const result = (await db.execute(query)) as unknown as { rows: R[] };
  return result.rows;
}

/**
 * What to log of a failed query: PostgreSQL's own code and message. Drizzle wraps the
 * driver's error as "Failed query: <text> params: <every parameter>", which for a batch write
 * is megabytes of log and hides the reason in `cause`.
 */
export function describeDbError(error: unknown): { code?: string; message: string } {
  const e = error as { code?: unknown; message?: unknown; cause?: unknown } | null;
  const cause = e?.cause as { code?: unknown; message?: unknown } | undefined;
  const source = cause && typeof cause.message === 'string' ? cause : e;
  const code = typeof source?.code === 'string' ? source.code : undefined;
  const message = typeof source?.message === 'string' ? source.message : String(error);
  return code ? { code, message } : { message };
}

/**
 * Deadlock victims (40P01) and serialization failures (40001): the transaction rolled back
 * whole and succeeds when run again. Looks through Drizzle's wrapper to the driver's error.
 */
export function isRetryable(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.cause?.code ?? e?.code;
  return code === '40P01' || code === '40001';
}
