import { sql } from 'drizzle-orm';
import { BinaryCopyWriter } from '../../platform/db/copy-from.ts';
import type { Database, Sql } from '../../platform/db/database.ts';

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

const SCAN_ARRAYS = `unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[],
  $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`;

/**
 * A batch that holds a replay: an allowed scan of a code this scanner already accepted is
 * skipped by the unique index and counted nowhere. Returns the ids that were NOT written.
 */
const APPEND_SKIPPING_REPLAYS = `
  WITH input AS (
    SELECT * FROM ${SCAN_ARRAYS}
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
    INSERT INTO citycode_scan_counts AS c (scene_id, minute, allowed, denied, shard)
    SELECT scene_id, date_trunc('minute', scanned_at),
           count(*) FILTER (WHERE decision = 'allow'), count(*) FILTER (WHERE decision = 'deny'),
           $12::smallint
      FROM ins GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (scene_id, minute, shard) DO UPDATE
      SET allowed = c.allowed + excluded.allowed, denied = c.denied + excluded.denied
  )
  SELECT id FROM input WHERE id NOT IN (SELECT id FROM ins)`;

function scanColumns(list: ScanRecord[]): string[] {
  const column = (pick: (r: ScanRecord) => string | null) => arrayLiteral(list.map(pick));
  return [
    column((r) => r.id),
    column((r) => iso(r.windowAt)),
    column((r) => iso(r.scannedAt)),
    column((r) => r.scannerId),
    column((r) => r.sceneId),
    column((r) => r.accountId),
    column((r) => r.codeKind),
    column((r) => r.codeNonce),
    column((r) => r.decision),
    column((r) => r.reason),
    column((r) => r.rule),
  ];
}

/** The error of a batch that holds an allowed scan of a code the scanner already used. */
export function isReplayConflict(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; cause?: { code?: string } };
  return (e.cause?.code ?? e.code) === '23505';
}

/** A named statement with its parameters, ready for a driver (node-postgres or PGlite). */
export interface ScanStatement {
  name: string;
  text: string;
  values: string[];
}

/**
 * A batch's scans per scene and minute, in key order so that concurrent batches lock count
 * rows in the same order.
 */
function minuteCounts(
  list: ScanRecord[],
): Array<{ sceneId: string; minute: string; allowed: number; denied: number }> {
  const counts = new Map<
    string,
    { sceneId: string; minute: number; allowed: number; denied: number }
  >();
  for (const r of list) {
    const minute = Math.floor(r.scannedAt.getTime() / 60_000);
    const key = `${r.sceneId}\u0000${minute}`;
    let count = counts.get(key);
    if (!count) counts.set(key, (count = { sceneId: r.sceneId, minute, allowed: 0, denied: 0 }));
    if (r.decision === 'allow') count.allowed++;
    else count.denied++;
  }
  return [...counts.values()]
    .sort((a, b) => (a.sceneId < b.sceneId ? -1 : a.sceneId > b.sceneId ? 1 : a.minute - b.minute))
    .map((c) => ({ ...c, minute: new Date(c.minute * 60_000).toISOString() }));
}

const SCAN_COLUMNS =
  'id, window_at, scanned_at, scanner_id, scene_id, account_id, code_kind, code_nonce, decision, reason, rule';

/**
 * Code kind, decision, reason and rule come from short fixed lists: each is encoded once and
 * reused (bounded, should a list ever grow).
 */
const encodedCodes = new Map<string, Buffer>();

const codeOrNull = (w: BinaryCopyWriter, value: string | null) => {
  if (value === null) return w.null();
  let bytes = encodedCodes.get(value);
  if (!bytes) {
    bytes = Buffer.from(value, 'utf8');
    if (encodedCodes.size < 256) encodedCodes.set(value, bytes);
  }
  return w.bytes(bytes);
};

const sqlText = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * The usual batch, as one COPY: the scans in binary (no text for the server to parse)
 * straight into their day's partition — or through the parent table when the batch spans
 * days — followed in the same simple query by the per-minute counts, so PostgreSQL commits
 * both or neither in one round trip (PGlite: in one transaction). It fails whole with 23505
 * when an allowed scan repeats one already logged.
 */
export function appendNewCopy(list: ScanRecord[], shard = 0): { text: string; data: Buffer } {
  const w = new BinaryCopyWriter(64 + list.length * 220);
  const day = Math.floor(list[0]!.windowAt.getTime() / DAY_MS);
  let oneDay = true;
  for (const r of list) {
    const windowMs = r.windowAt.getTime();
    if (Math.floor(windowMs / DAY_MS) !== day) oneDay = false;
    w.row(11).uuid(r.id).timestamp(windowMs).timestamp(r.scannedAt.getTime());
    w.text(r.scannerId).text(r.sceneId);
    if (r.accountId === null) w.null();
    else w.uuid(r.accountId);
    codeOrNull(w, r.codeKind);
    if (r.codeNonce === null) w.null();
    else w.text(r.codeNonce);
    codeOrNull(w, r.decision);
    codeOrNull(w, r.reason);
    codeOrNull(w, r.rule);
  }
  const counts = minuteCounts(list)
    .map((c) => `(${sqlText(c.sceneId)}, '${c.minute}', ${c.allowed}, ${c.denied}, ${shard})`)
    .join(', ');
  const table = oneDay ? partitionName(list[0]!.windowAt) : 'citycode_scans';
  return {
    text: `COPY ${table} (${SCAN_COLUMNS}) FROM STDIN (FORMAT binary);
      INSERT INTO citycode_scan_counts AS c (scene_id, minute, allowed, denied, shard)
      VALUES ${counts}
      ON CONFLICT (scene_id, minute, shard) DO UPDATE
        SET allowed = c.allowed + excluded.allowed, denied = c.denied + excluded.denied`,
    data: w.finish(),
  };
}

/** A batch that may hold replays; the statement returns the ids it did not write. */
export function appendSkippingStatement(list: ScanRecord[], shard = 0): ScanStatement {
  return {
    name: 'citycode_scans_append_skipping',
    text: APPEND_SKIPPING_REPLAYS,
    values: [...scanColumns(list), String(shard)],
  };
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

  /** Appends a batch that may hold replays; returns the ids of the replays (not written). */
  async appendSkippingReplays(db: Database, list: ScanRecord[], shard = 0): Promise<Set<string>> {
    if (list.length === 0) return new Set();
    const { name, text, values } = appendSkippingStatement(list, shard);
    const skipped = await db.statement<{ id: string }>(name, text, values);
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
      sql`SELECT scene_id AS "sceneId", minute, sum(allowed)::int AS allowed,
                 sum(denied)::int AS denied
            FROM citycode_scan_counts
           WHERE minute >= ${iso(from)} AND minute < ${iso(to)}
           GROUP BY scene_id, minute ORDER BY minute, scene_id`,
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
