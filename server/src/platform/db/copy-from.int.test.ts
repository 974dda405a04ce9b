import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseServer } from '../../../test/support/test-platform.ts';
import { sql } from 'drizzle-orm';
import {
  BinaryCopyWriter,
  copyFrom,
  copyFromClient,
  copyFromPool,
  copySupported,
} from './copy-from.ts';
import { openDatabase, type Database } from './database.ts';

describe('COPY FROM STDIN on PGlite (its input read as /dev/blob)', () => {
  let db: Database;
  const rows = (...ids: number[]) => {
    const writer = new BinaryCopyWriter();
    for (const id of ids) writer.row(2).text(String(id)).text(`row ${id}`);
    return writer.finish();
  };
  const stored = async () =>
    (await db.rows<{ id: string }>(sql`SELECT id FROM copy_t ORDER BY id::int`)).map((r) =>
      Number(r.id),
    );

  beforeAll(async () => {
    db = await openDatabase({ url: null, dataDir: 'memory://' });
    await db.exec('CREATE TABLE copy_t (id text PRIMARY KEY, note text NOT NULL)');
  });
  afterAll(async () => {
    await db.close();
  });

  it('copies inside a transaction; a refused batch rolls back to its savepoint and the transaction goes on', async () => {
    expect(copySupported(db.orm)).toBe(false); // no transaction: no COPY
    await db.transaction(async (tx) => {
      expect(copySupported(tx)).toBe(true);
      await copyFrom(
        tx,
        'SAVEPOINT s; COPY copy_t (id, note) FROM STDIN (FORMAT binary)',
        rows(1, 2),
      );
    });
    expect(await stored()).toEqual([1, 2]);
    await db.transaction(async (tx) => {
      const refused = await copyFrom(
        tx,
        'SAVEPOINT s; COPY copy_t (id, note) FROM STDIN (FORMAT binary)',
        rows(3, 2),
      ).catch((error: unknown) => error as { code?: string });
      expect(refused).toMatchObject({ code: '23505' });
      await tx.execute(sql`ROLLBACK TO SAVEPOINT s`);
      await tx.execute(sql`INSERT INTO copy_t VALUES ('4', 'after')`);
    });
    // Nothing of the refused COPY (not even row 3), the rest of its transaction committed.
    expect(await stored()).toEqual([1, 2, 4]);
  });

  it('refuses anything but a COPY FROM STDIN', async () => {
    await expect(
      db.transaction((tx) => copyFrom(tx, 'DELETE FROM copy_t', rows(9))),
    ).rejects.toThrow('not a COPY FROM STDIN');
    expect(await stored()).toEqual([1, 2, 4]);
  });
});

// The rest runs against the PostgreSQL server named by ONECITY_TEST_DATABASE_URL, as .ci/run does.
describe.skipIf(!testDatabaseServer)('COPY FROM STDIN, statement and data in one write', () => {
  let pool: pg.Pool;
  const table = `copy_from_test_${process.pid}`;

  const rows = (...ids: number[]) => {
    const writer = new BinaryCopyWriter();
    for (const id of ids) writer.row(2).text(String(id)).text(`row ${id}`);
    return writer.finish();
  };
  const stored = async () =>
    (await pool.query<{ id: string }>(`SELECT id FROM ${table} ORDER BY id`)).rows.map((r) =>
      Number(r.id),
    );

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: testDatabaseServer!, max: 1 });
    await pool.query(`CREATE TABLE ${table} (id text PRIMARY KEY, note text NOT NULL)`);
  });
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
  });

  it('stores the rows and runs the statements after the COPY in the same implicit transaction', async () => {
    await copyFromPool(
      pool,
      `COPY ${table} (id, note) FROM STDIN (FORMAT binary); UPDATE ${table} SET note = 'updated' WHERE id = '1'`,
      rows(1, 2),
    );
    expect(await stored()).toEqual([1, 2]);
    const { rows: notes } = await pool.query(`SELECT note FROM ${table} WHERE id = '1'`);
    expect(notes[0].note).toBe('updated');
  });

  it('refuses a row that breaks a constraint with its code, keeps nothing of it and the connection works on', async () => {
    const client = await pool.connect();
    try {
      await expect(
        copyFromClient(client, `COPY ${table} (id, note) FROM STDIN (FORMAT binary)`, rows(3, 1)),
      ).rejects.toMatchObject({ code: '23505' });
      expect((await client.query('SELECT 41 + 1 AS n')).rows[0].n).toBe(42);
    } finally {
      client.release();
    }
    expect(await stored()).toEqual([1, 2]);
  });

  it('fails cleanly when the statement fails before copy mode: the data sent with it is ignored', async () => {
    const client = await pool.connect();
    try {
      await expect(
        copyFromClient(
          client,
          `COPY no_such_table_${process.pid} FROM STDIN (FORMAT binary)`,
          rows(9),
        ),
      ).rejects.toMatchObject({ code: '42P01' });
      // The CopyData and CopyDone that followed must not confuse the next statements.
      expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
      await copyFromClient(client, `COPY ${table} (id, note) FROM STDIN (FORMAT binary)`, rows(4));
    } finally {
      client.release();
    }
    expect(await stored()).toEqual([1, 2, 4]);
  });

  it('rolls back the whole simple query when a statement after the COPY fails', async () => {
    await expect(
      copyFromPool(
        pool,
        `COPY ${table} (id, note) FROM STDIN (FORMAT binary); SELECT 1 / 0`,
        rows(5, 6),
      ),
    ).rejects.toMatchObject({ code: '22012' });
    expect(await stored()).toEqual([1, 2, 4]);
  });
});
