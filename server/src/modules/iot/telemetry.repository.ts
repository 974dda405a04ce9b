import { and, asc, eq, sql } from 'drizzle-orm';
import {
  bigint,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { BinaryCopyWriter, copyFrom, copySupported } from '../../platform/db/copy-from.ts';
import type { Sql } from '../../platform/db/database.ts';

export const latest = pgTable(
  'iot_latest',
  {
    deviceId: uuid('device_id').notNull(),
    key: text('key').notNull(),
    ts: timestamp('ts', { withTimezone: true, mode: 'date' }).notNull(),
    value: jsonb('value').notNull(),
    sameCount: integer('same_count').notNull(),
    sameSince: timestamp('same_since', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.key] })],
);

export const attributes = pgTable(
  'iot_attributes',
  {
    deviceId: uuid('device_id').notNull(),
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.key] })],
);

export const qualityIssues = pgTable(
  'iot_quality_issues',
  {
    deviceId: uuid('device_id').notNull(),
    key: text('key').notNull(),
    kind: text('kind').$type<QualityKind>().notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
    firstAt: timestamp('first_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastAt: timestamp('last_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastDetail: text('last_detail').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.key, t.kind] })],
);

export type QualityKind =
  'unknown_key' | 'wrong_type' | 'out_of_range' | 'stuck' | 'bad_timestamp' | 'malformed_payload';

/** One reading to store; exactly one of num, str, bool is set (location is JSON text). */
export interface StoredReading {
  deviceId: string;
  key: string;
  ts: Date;
  num: number | null;
  str: string | null;
  bool: boolean | null;
}

export interface LatestInput {
  deviceId: string;
  key: string;
  ts: Date;
  /** JSON text of the value. */
  value: string;
  /** Readings at the end of this batch that carry the same value as the last one. */
  run: number;
  runSince: Date;
  /** Every reading of this key in the batch had the same value. */
  allSame: boolean;
}

export interface IssueInput {
  deviceId: string;
  key: string;
  kind: QualityKind;
  count: number;
  at: Date;
  detail: string;
}

export type Bucket = '1m' | '5m' | '15m' | '1h' | 'day' | 'week' | 'month';

const bucketSql: Record<Bucket, string> = {
  '1m': `date_bin('1 minute'::interval, ts, timestamptz '2000-01-01 00:00:00+08')`,
  '5m': `date_bin('5 minutes'::interval, ts, timestamptz '2000-01-01 00:00:00+08')`,
  '15m': `date_bin('15 minutes'::interval, ts, timestamptz '2000-01-01 00:00:00+08')`,
  '1h': `date_bin('1 hour'::interval, ts, timestamptz '2000-01-01 00:00:00+08')`,
  // Calendar buckets are Shanghai's days, ISO weeks (from Monday) and months.
  day: `(date_trunc('day', ts AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')`,
  week: `(date_trunc('week', ts AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')`,
  month: `(date_trunc('month', ts AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')`,
};

export interface AggregateRow {
  start: Date;
  avg: number | null;
  min: number | null;
  max: number | null;
  sum: number | null;
  count: number;
}

const PARTITION_PREFIX = 'iot_telemetry_p';

/** `iot_telemetry_p20260101` for the UTC day that holds `day`. */
export function partitionName(day: Date): string {
  return `${PARTITION_PREFIX}${day.toISOString().slice(0, 10).replace(/-/g, '')}`;
}

/** The UTC day a partition covers, from its name. */
export function partitionDay(name: string): Date | null {
  const m = /^iot_telemetry_p(\d{4})(\d{2})(\d{2})$/.exec(name);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

/**
 * COPY into the day's partition when every reading falls on one UTC day (the usual batch:
 * no routing per row), else into the partitioned table.
 */
function copyStatement(list: StoredReading[]): string {
  const day = Math.floor((list[0] as StoredReading).ts.getTime() / 86_400_000);
  let table = partitionName((list[0] as StoredReading).ts);
  for (const r of list) {
    if (Math.floor(r.ts.getTime() / 86_400_000) !== day) {
      table = 'iot_telemetry';
      break;
    }
  }
  return `COPY ${table} (device_id, key, ts, num, str, bool) FROM STDIN (FORMAT binary)`;
}
const UNIQUE_VIOLATION = '23505';

/** Keys come from thing models: few, and each encoded once. */
const keyBytes = new Map<string, Buffer>();
function bytesOfKey(key: string): Buffer {
  let bytes = keyBytes.get(key);
  if (!bytes) {
    if (keyBytes.size > 10_000) keyBytes.clear();
    bytes = Buffer.from(key, 'utf8');
    keyBytes.set(key, bytes);
  }
  return bytes;
}

/** The readings in COPY's binary format, columns as in `copyStatement`. */
export function encodeReadings(list: StoredReading[]): Buffer {
  const out = new BinaryCopyWriter(list.length * 72 + 64);
  for (const r of list) {
    out.row(6).uuid(r.deviceId).bytes(bytesOfKey(r.key)).timestamp(r.ts.getTime());
    if (r.num === null) out.null();
    else out.float8(r.num);
    if (r.str === null) out.null();
    else out.text(r.str);
    if (r.bool === null) out.null();
    else out.bool(r.bool);
  }
  return out.finish();
}

/** Pending latest values as rows `v(id, key, ts, value, run, since, all_same)`. */
const latestValues = (list: LatestInput[]) => sql`unnest(
  ${sql.param(list.map((r) => r.deviceId))}::uuid[],
  ${sql.param(list.map((r) => r.key))}::text[],
  ${sql.param(list.map((r) => r.ts.toISOString()))}::timestamptz[],
  ${sql.param(list.map((r) => r.value))}::jsonb[],
  ${sql.param(list.map((r) => r.run))}::int[],
  ${sql.param(list.map((r) => r.runSince.toISOString()))}::timestamptz[],
  ${sql.param(list.map((r) => r.allSame))}::bool[]) AS v(id, key, ts, value, run, since, all_same)`;

async function rows<R>(db: Sql, query: ReturnType<typeof sql>): Promise<R[]> {
  return ((await db.execute(query)) as unknown as { rows: R[] }).rows;
}

/**
 * Telemetry storage: the partitioned readings table, latest values, attributes and
 * data-quality counters. Writes take whole batches as arrays (`unnest`), so a batch of any
 * size is one statement with a fixed number of parameters.
 */
export class TelemetryRepository {
  async partitions(db: Sql): Promise<string[]> {
    const found = await rows<{ name: string }>(
      db,
      sql`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           WHERE i.inhparent = 'iot_telemetry'::regclass ORDER BY 1`,
    );
    return found.map((r) => r.name);
  }

  /** Creates the day's partition unless it exists; nodes creating it together queue up. */
  async createPartition(tx: Sql, day: Date): Promise<boolean> {
    const from = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
    const to = new Date(from.getTime() + 86_400_000);
    const name = partitionName(from);
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('iot_telemetry partitions'))`);
    const [exists] = await rows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM pg_class WHERE relname = ${name}`,
    );
    if (exists && exists.n > 0) return false;
    // DDL takes no parameters; the name and bounds are built from a Date, never from input.
    await tx.execute(
      sql.raw(
        `CREATE TABLE ${name} PARTITION OF iot_telemetry FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
      ),
    );
    return true;
  }

  async dropPartition(tx: Sql, name: string): Promise<void> {
    if (!partitionDay(name)) throw new Error(`not a telemetry partition: ${name}`);
    await tx.execute(sql.raw(`DROP TABLE IF EXISTS ${name}`));
  }

  /**
   * Stores the batch's readings; a reading stored before (same device, key, ts) is skipped.
   * One binary COPY behind a savepoint (no parsing of uuids, times and numbers on the server;
   * on PGlite the COPY reads the buffer as /dev/blob); when it meets a reading stored before
   * (a redelivery), the savepoint is rolled back and the batch goes in through the INSERT
   * that skips duplicates.
   */
  async insertReadings(tx: Sql, list: StoredReading[]): Promise<void> {
    if (list.length === 0) return;
    if (copySupported(tx)) {
      try {
        // The savepoint and the COPY in one simple query: one round trip.
        await copyFrom(
          tx,
          `SAVEPOINT iot_readings_copy; ${copyStatement(list)}`,
          encodeReadings(list),
        );
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
        await tx.execute(sql`ROLLBACK TO SAVEPOINT iot_readings_copy`);
      }
    }
    await this.insertReadingsSkippingDuplicates(tx, list);
  }

  /** One statement for the whole batch; a reading stored before (same device, key, ts) is skipped. */
  async insertReadingsSkippingDuplicates(tx: Sql, list: StoredReading[]): Promise<void> {
    if (list.length === 0) return;
    await tx.execute(sql`
      INSERT INTO iot_telemetry (device_id, key, ts, num, str, bool)
      SELECT * FROM unnest(
        ${sql.param(list.map((r) => r.deviceId))}::uuid[],
        ${sql.param(list.map((r) => r.key))}::text[],
        ${sql.param(list.map((r) => r.ts.toISOString()))}::timestamptz[],
        ${sql.param(list.map((r) => r.num))}::float8[],
        ${sql.param(list.map((r) => r.str))}::text[],
        ${sql.param(list.map((r) => r.bool))}::bool[])
      ON CONFLICT DO NOTHING`);
  }

  /**
   * Moves each key's latest value forward (never back: late readings stay in history only)
   * and extends or restarts its run of identical values. Returns the run lengths.
   */
  async upsertLatest(
    tx: Sql,
    list: LatestInput[],
  ): Promise<Array<{ deviceId: string; key: string; sameCount: number }>> {
    if (list.length === 0) return [];
    // Nearly every key already has its row: one UPDATE joined to the batch finds each row once
    // and, with room on the page (fillfactor), changes it in place (a HOT update). INSERT …
    // ON CONFLICT costs about twice as much per row: it probes the key for the conflict and
    // again for the old value. Only what the UPDATE did not touch — new keys, and keys whose
    // stored value is newer — goes through the upsert (which leaves the newer value alone).
    const updated = await rows<{ deviceId: string; key: string; sameCount: number }>(
      tx,
      sql`
      UPDATE iot_latest AS l
         SET ts = v.ts, value = v.value,
             same_count = CASE WHEN v.all_same AND l.value = v.value THEN l.same_count + v.run ELSE v.run END,
             same_since = CASE WHEN v.all_same AND l.value = v.value THEN l.same_since ELSE v.since END
        FROM ${latestValues(list)}
       WHERE l.device_id = v.id AND l.key = v.key AND v.ts >= l.ts
      RETURNING l.device_id AS "deviceId", l.key, l.same_count AS "sameCount"`,
    );
    if (updated.length === list.length) return updated;
    const done = new Set(updated.map((r) => `${r.deviceId}\u0000${r.key}`));
    const rest = list.filter((r) => !done.has(`${r.deviceId}\u0000${r.key}`));
    const inserted = await rows<{ deviceId: string; key: string; sameCount: number }>(
      tx,
      sql`
      INSERT INTO iot_latest AS l (device_id, key, ts, value, same_count, same_since)
      SELECT v.id, v.key, v.ts, v.value,
             CASE WHEN v.all_same AND o.value = v.value THEN o.same_count + v.run ELSE v.run END,
             CASE WHEN v.all_same AND o.value = v.value THEN o.same_since ELSE v.since END
        FROM ${latestValues(rest)}
        LEFT JOIN iot_latest o ON o.device_id = v.id AND o.key = v.key
      ON CONFLICT (device_id, key) DO UPDATE
        SET ts = excluded.ts, value = excluded.value,
            same_count = excluded.same_count, same_since = excluded.same_since
        WHERE excluded.ts >= l.ts
      RETURNING device_id AS "deviceId", key, same_count AS "sameCount"`,
    );
    return [...updated, ...inserted];
  }

  async upsertAttributes(
    tx: Sql,
    list: Array<{ deviceId: string; key: string; value: string; at: Date }>,
  ): Promise<void> {
    if (list.length === 0) return;
    await tx.execute(sql`
      INSERT INTO iot_attributes AS a (device_id, key, value, updated_at)
      SELECT v.id, v.key, v.value::jsonb, v.at FROM unnest(
        ${sql.param(list.map((r) => r.deviceId))}::uuid[],
        ${sql.param(list.map((r) => r.key))}::text[],
        ${sql.param(list.map((r) => r.value))}::text[],
        ${sql.param(list.map((r) => r.at.toISOString()))}::timestamptz[]) AS v(id, key, value, at)
      ON CONFLICT (device_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
        WHERE excluded.updated_at >= a.updated_at`);
  }

  async addIssues(tx: Sql, list: IssueInput[]): Promise<void> {
    if (list.length === 0) return;
    await tx.execute(sql`
      INSERT INTO iot_quality_issues AS q (device_id, key, kind, count, first_at, last_at, last_detail)
      SELECT v.id, v.key, v.kind, v.n, v.at, v.at, v.detail FROM unnest(
        ${sql.param(list.map((r) => r.deviceId))}::uuid[],
        ${sql.param(list.map((r) => r.key))}::text[],
        ${sql.param(list.map((r) => r.kind))}::text[],
        ${sql.param(list.map((r) => r.count))}::bigint[],
        ${sql.param(list.map((r) => r.at.toISOString()))}::timestamptz[],
        ${sql.param(list.map((r) => r.detail.slice(0, 300)))}::text[]) AS v(id, key, kind, n, at, detail)
      ON CONFLICT (device_id, key, kind) DO UPDATE
        SET count = q.count + excluded.count,
            last_at = greatest(q.last_at, excluded.last_at),
            last_detail = excluded.last_detail`);
  }

  // —— queries ——

  async latestOf(db: Sql, deviceId: string) {
    return db.select().from(latest).where(eq(latest.deviceId, deviceId)).orderBy(asc(latest.key));
  }

  /** Latest values of many devices (the map), as key → value per device. */
  async latestOfMany(db: Sql, deviceIds: string[]) {
    if (deviceIds.length === 0) return [];
    return rows<{ deviceId: string; key: string; value: unknown; ts: Date | string }>(
      db,
      sql`SELECT device_id AS "deviceId", key, value, ts FROM iot_latest
           WHERE device_id = ANY(${sql.param(deviceIds)}::uuid[])`,
    );
  }

  async attributesOf(db: Sql, deviceId: string) {
    return db
      .select()
      .from(attributes)
      .where(eq(attributes.deviceId, deviceId))
      .orderBy(asc(attributes.key));
  }

  async issuesOf(db: Sql, deviceId: string) {
    return db
      .select()
      .from(qualityIssues)
      .where(eq(qualityIssues.deviceId, deviceId))
      .orderBy(asc(qualityIssues.key), asc(qualityIssues.kind));
  }

  async range(
    db: Sql,
    q: {
      deviceId: string;
      key: string;
      from: Date;
      to: Date;
      limit: number;
      order: 'asc' | 'desc';
    },
  ) {
    const found = await rows<{
      ms: number;
      num: number | null;
      str: string | null;
      bool: boolean | null;
    }>(
      db,
      sql`SELECT (extract(epoch from ts) * 1000)::float8 AS ms, num, str, bool FROM iot_telemetry
           WHERE device_id = ${q.deviceId}::uuid AND key = ${q.key}
             AND ts >= ${q.from.toISOString()}::timestamptz AND ts < ${q.to.toISOString()}::timestamptz
           ORDER BY ts ${sql.raw(q.order === 'asc' ? 'ASC' : 'DESC')} LIMIT ${q.limit}`,
    );
    return found.map((r) => ({ ts: new Date(r.ms), num: r.num, str: r.str, bool: r.bool }));
  }

  /** avg/min/max/sum over numbers (booleans count as 0/1), count over all readings. */
  async aggregate(
    db: Sql,
    q: { deviceId: string; key: string; from: Date; to: Date; bucket: Bucket },
  ): Promise<AggregateRow[]> {
    const bucket = sql.raw(bucketSql[q.bucket]);
    const found = await rows<{
      ms: number;
      avg: number | null;
      min: number | null;
      max: number | null;
      sum: number | null;
      count: number;
    }>(
      db,
      sql`SELECT (extract(epoch from b) * 1000)::float8 AS ms,
                 avg(v)::float8 AS avg, min(v)::float8 AS min, max(v)::float8 AS max,
                 sum(v)::float8 AS sum, count(*)::int AS count
            FROM (SELECT ${bucket} AS b, coalesce(num, bool::int::float8) AS v FROM iot_telemetry
                   WHERE device_id = ${q.deviceId}::uuid AND key = ${q.key}
                     AND ts >= ${q.from.toISOString()}::timestamptz
                     AND ts < ${q.to.toISOString()}::timestamptz) AS r
           GROUP BY b ORDER BY b`,
    );
    return found.map(({ ms, ...rest }) => ({ start: new Date(ms), ...rest }));
  }

  // —— retention ——

  /** Deletes one product's readings older than `cutoff` (shorter retention than the table's). */
  async deleteOlder(tx: Sql, productId: string, cutoff: Date): Promise<number> {
    const deleted = await rows<{ n: number }>(
      tx,
      sql`WITH d AS (
            DELETE FROM iot_telemetry t USING iot_devices dev
             WHERE dev.id = t.device_id AND dev.product_id = ${productId}
               AND t.ts < ${cutoff.toISOString()}::timestamptz
            RETURNING 1)
          SELECT count(*)::int AS n FROM d`,
    );
    return deleted[0]?.n ?? 0;
  }

  async issueCount(db: Sql, deviceId: string, kind: QualityKind): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`coalesce(sum(${qualityIssues.count}), 0)::int` })
      .from(qualityIssues)
      .where(and(eq(qualityIssues.deviceId, deviceId), eq(qualityIssues.kind, kind)));
    return row?.n ?? 0;
  }
}
