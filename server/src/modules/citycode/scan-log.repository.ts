import { sql } from 'drizzle-orm';
import type { Sql } from '../../platform/db/database.ts';

const DAY_MS = 86_400_000;
const PREFIX = 'citycode_scans_p';

export type Decision = 'allow' | 'deny';

/** One line of the scan log. */
export interface ScanRecord {
  id: string;
  /** Partition key: the code's issue time for an allowed scan, else the scan time. */
  windowAt: Date;
  scannedAt: Date;
  scannerId: string;
  sceneId: string;
  accountId: string | null;
  codeKind: 'OC1' | 'OC2' | null;
  codeNonce: string | null;
  decision: Decision;
  reason: string | null;
  rule: string | null;
}

export interface HolderScanRow {
  id: string;
  scannedAt: Date;
  scannerId: string;
  sceneId: string;
  decision: Decision;
  reason: string | null;
  rule: string | null;
}

export interface MinuteCount {
  sceneId: string;
  minute: Date;
  allowed: number;
  denied: number;
}

export function partitionName(day: Date): string {
  return `${PREFIX}${day.toISOString().slice(0, 10).replace(/-/g, '')}`;
}

/** The UTC day a partition covers, from its name. */
export function partitionDay(name: string): Date | null {
  const m = /^citycode_scans_p(\d{4})(\d{2})(\d{2})$/.exec(name);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

async function rows<R>(db: Sql, query: ReturnType<typeof sql>): Promise<R[]> {
  return ((await db.execute(query)) as unknown as { rows: R[] }).rows;
}

const iso = (d: Date) => d.toISOString();

const PLAIN = /^[A-Za-z0-9_.:+-]+$/;

/**
 * A PostgreSQL array literal, built here rather than by the driver: scan fields are ids, codes
 * and timestamps in a plain alphabet that needs no quoting, which saves escaping every element
 * of every batch. Anything else is quoted and escaped; NULL stays NULL.
 */
export function arrayLiteral(values: ReadonlyArray<string | null>): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (PLAIN.test(v) && v.toLowerCase() !== 'null') out += v;
    else out += `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
  return `${out}}`;
}

/**
 * The scan log and its per-minute counts. A batch of any size is one INSERT with a fixed
 * number of array parameters (`unnest`).
 */
export class ScanLogRepository {
  async partitions(db: Sql): Promise<string[]> {
    const found = await rows<{ name: string }>(
      db,
      sql`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = 'citycode_scans'::regclass ORDER BY 1`,
    );
    return found.map((r) => r.name);
  }

  /** Creates the day's partition unless it exists; nodes creating it together queue up. */
  async createPartition(tx: Sql, day: Date): Promise<boolean> {
    const from = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
    const to = new Date(from.getTime() + DAY_MS);
    const name = partitionName(from);
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('citycode_scans partitions'))`);
    const [exists] = await rows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM pg_class WHERE relname = ${name}`,
    );
    if (exists && exists.n > 0) return false;
    // DDL takes no parameters; the name and bounds are built from a Date, never from input.
    await tx.execute(
      sql.raw(
        `CREATE TABLE ${name} PARTITION OF citycode_scans FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
      ),
    );
    return true;
  }

  async dropPartition(tx: Sql, name: string): Promise<void> {
    if (!partitionDay(name)) throw new Error(`not a scan log partition: ${name}`);
    await tx.execute(sql.raw(`DROP TABLE IF EXISTS ${name}`));
  }

  /**
   * Appends a batch and adds it to the per-minute counts, in one statement (one round trip,
   * one commit). An allowed scan of a code this scanner already accepted is skipped by the
   * unique index and counted nowhere. Returns the ids that were NOT written (the replays),
   * so the usual answer is no rows at all.
   */
  async append(db: Sql, list: ScanRecord[]): Promise<Set<string>> {
    if (list.length === 0) return new Set();
    const column = (pick: (r: ScanRecord) => string | null) => arrayLiteral(list.map(pick));
    const skipped = await rows<{ id: string }>(
      db,
      sql`
      WITH input AS (
        SELECT * FROM unnest(
          ${column((r) => r.id)}::uuid[],
          ${column((r) => iso(r.windowAt))}::timestamptz[],
          ${column((r) => iso(r.scannedAt))}::timestamptz[],
          ${column((r) => r.scannerId)}::text[],
          ${column((r) => r.sceneId)}::text[],
          ${column((r) => r.accountId)}::uuid[],
          ${column((r) => r.codeKind)}::text[],
          ${column((r) => r.codeNonce)}::text[],
          ${column((r) => r.decision)}::text[],
          ${column((r) => r.reason)}::text[],
          ${column((r) => r.rule)}::text[])
          AS v(id, window_at, scanned_at, scanner_id, scene_id, account_id, code_kind, code_nonce,
               decision, reason, rule)
      ), ins AS (
        INSERT INTO citycode_scans (id, window_at, scanned_at, scanner_id, scene_id, account_id,
                                    code_kind, code_nonce, decision, reason, rule)
        SELECT * FROM input
        ON CONFLICT (scanner_id, code_nonce, window_at) WHERE decision = 'allow' DO NOTHING
        RETURNING id, scene_id, scanned_at, decision
      ), counted AS (
        -- Rows in key order, so that concurrent batches lock count rows in the same order.
        INSERT INTO citycode_scan_counts AS c (scene_id, minute, allowed, denied)
        SELECT scene_id, date_trunc('minute', scanned_at),
               count(*) FILTER (WHERE decision = 'allow'), count(*) FILTER (WHERE decision = 'deny')
          FROM ins GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (scene_id, minute) DO UPDATE
          SET allowed = c.allowed + excluded.allowed, denied = c.denied + excluded.denied
      )
      SELECT id FROM input WHERE id NOT IN (SELECT id FROM ins)`,
    );
    return new Set(skipped.map((r) => r.id));
  }

  async forHolder(
    db: Sql,
    accountId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: HolderScanRow[]; total: number }> {
    const items = await rows<HolderScanRow & { scannedAt: Date | string }>(
      db,
      sql`SELECT id, scanned_at AS "scannedAt", scanner_id AS "scannerId", scene_id AS "sceneId",
                 decision, reason, rule
            FROM citycode_scans WHERE account_id = ${accountId}
           ORDER BY scanned_at DESC, id LIMIT ${limit} OFFSET ${offset}`,
    );
    const [count] = await rows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM citycode_scans WHERE account_id = ${accountId}`,
    );
    return {
      items: items.map((r) => ({ ...r, scannedAt: new Date(r.scannedAt) })),
      total: count?.n ?? 0,
    };
  }

  async counts(db: Sql, from: Date, to: Date): Promise<MinuteCount[]> {
    const found = await rows<{
      sceneId: string;
      minute: Date | string;
      allowed: number;
      denied: number;
    }>(
      db,
      sql`SELECT scene_id AS "sceneId", minute, allowed, denied FROM citycode_scan_counts
           WHERE minute >= ${iso(from)} AND minute < ${iso(to)} ORDER BY minute, scene_id`,
    );
    return found.map((r) => ({ ...r, minute: new Date(r.minute) }));
  }

  async deleteCountsBefore(tx: Sql, before: Date): Promise<number> {
    const deleted = await rows<{ n: number }>(
      tx,
      sql`WITH d AS (DELETE FROM citycode_scan_counts WHERE minute < ${iso(before)} RETURNING 1)
          SELECT count(*)::int AS n FROM d`,
    );
    return deleted[0]?.n ?? 0;
  }

  /** Test and operations helper: how many log lines a scanner wrote. */
  async countByScanner(db: Sql, scannerId: string): Promise<number> {
    const [row] = await rows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM citycode_scans WHERE scanner_id = ${scannerId}`,
    );
    return row?.n ?? 0;
  }
}
