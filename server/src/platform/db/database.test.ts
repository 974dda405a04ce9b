import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { describeDbError, isRetryable, openDatabase } from './database.ts';

const db = await openDatabase({ url: null, dataDir: 'memory://' });
afterAll(() => db.close());

async function failure(query: ReturnType<typeof sql>): Promise<unknown> {
  return db.orm.execute(query).then(
    () => null,
    (error: unknown) => error,
  );
}

describe('errors of failed queries', () => {
  it("logs PostgreSQL's code and message, not the query's parameters", async () => {
    await db.exec('CREATE TABLE once_only (id int PRIMARY KEY)');
    const ids = Array.from({ length: 500 }, (_, i) => i);
    await db.orm.execute(sql`INSERT INTO once_only SELECT unnest(${sql.param(ids)}::int[])`);
    const error = await failure(sql`INSERT INTO once_only SELECT unnest(${sql.param(ids)}::int[])`);
    // Drizzle's own message holds every parameter.
    expect((error as Error).message.length).toBeGreaterThan(1000);
    const described = describeDbError(error);
    expect(described.code).toBe('23505');
    expect(described.message).toMatch(/duplicate key/);
    expect(described.message.length).toBeLessThan(200);
    expect(isRetryable(error)).toBe(false);
  });

  it('runs a wrapped deadlock victim again, whether or not the driver error is wrapped', () => {
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const wrapped = Object.assign(new Error('Failed query: UPDATE …'), { cause: deadlock });
    expect(isRetryable(deadlock)).toBe(true);
    expect(isRetryable(wrapped)).toBe(true);
    expect(describeDbError(wrapped)).toEqual({ code: '40P01', message: 'deadlock detected' });
    expect(describeDbError('plain')).toEqual({ message: 'plain' });
  });
});
