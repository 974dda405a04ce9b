import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './database.ts';

export interface MigrationSource {
  /** Module name: migrations are recorded as `<module>/<file>`. */
  module: string;
  dir: string;
}

export interface MigrationResult {
  applied: string[];
  skipped: number;
}

// A constant key for pg_advisory_lock so that nodes starting together migrate one at a time.
const MIGRATION_LOCK_KEY = 724_190_331;

/**
 * Applies each module's numbered `.sql` files in order (modules in the order given, files by
 * name), in one transaction with their bookkeeping rows. The same files run on PGlite
 * and PostgreSQL. An applied file that was edited afterwards stops the start-up.
 */
export async function migrate(db: Database, sources: MigrationSource[]): Promise<MigrationResult> {
  const files = sources.flatMap((source) =>
    fs
      .readdirSync(source.dir)
      .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
      .sort()
      .map((name) => {
        const text = fs.readFileSync(path.join(source.dir, name), 'utf8');
        return {
          id: `${source.module}/${name}`,
          text,
          checksum: crypto.createHash('sha256').update(text).digest('hex'),
        };
      }),
  );
  return db.rawTransaction(async (tx) => {
    if (db.kind === 'postgres') {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    }
    await tx.exec(`CREATE TABLE IF NOT EXISTS platform_migrations (
      id text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = await tx.query<{ id: string; checksum: string }>(
      'SELECT id, checksum FROM platform_migrations',
    );
    const applied = new Map(done.rows.map((row) => [row.id, row.checksum]));
    const result: MigrationResult = { applied: [], skipped: 0 };
    for (const file of files) {
      const known = applied.get(file.id);
      if (known !== undefined) {
        if (known !== file.checksum) {
          throw new Error(
            `Migration ${file.id} was changed after it was applied. Add a new migration instead of editing an applied one.`,
          );
        }
        result.skipped += 1;
        continue;
      }
      // One transaction for the whole run: all files and their records commit together or
      // not at all, on both databases, while the advisory lock keeps other nodes waiting.
      await tx.exec(file.text);
      await tx.query('INSERT INTO platform_migrations (id, checksum) VALUES ($1, $2)', [
        file.id,
        file.checksum,
      ]);
      result.applied.push(file.id);
    }
    return result;
  });
}
