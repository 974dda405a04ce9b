import { and, arrayContains, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';

export const devices = pgTable('iot_devices', {
  id: uuid('id').primaryKey(),
  productId: text('product_id').notNull(),
  name: text('name').notNull(),
  token: text('token').notNull(),
  tags: text('tags').array().notNull(),
  lng: doublePrecision('lng'),
  lat: doublePrecision('lat'),
  gridId: text('grid_id'),
  streetId: text('street_id'),
  districtId: text('district_id'),
  departmentId: text('department_id'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const deviceState = pgTable('iot_device_state', {
  deviceId: uuid('device_id').primaryKey(),
  online: boolean('online').notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }),
  offlineAfterS: integer('offline_after_s').notNull(),
  offlineAt: timestamp('offline_at', { withTimezone: true, mode: 'date' }),
  changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }),
});

export type DeviceRow = typeof devices.$inferSelect;
export type NewDevice = Omit<DeviceRow, 'createdAt' | 'updatedAt'>;

export interface DeviceWithState extends DeviceRow {
  online: boolean;
  lastSeenAt: Date | null;
}

export interface DeviceFilter {
  productId?: string;
  tag?: string;
  /** Devices in this region's subtree (district, street or grid id; the city means all). */
  regionId?: string;
  q?: string;
  /** Only devices inside one of these subtrees; null means the whole city. */
  scopes: string[] | null;
  /** Only devices with a location (maps). */
  located?: boolean;
  limit: number;
  offset: number;
}

/** What ingest needs to know about a credential, cached in memory. */
export interface DeviceCredential {
  deviceId: string;
  productId: string;
  gridId: string | null;
  /** What alert rules are scoped by and alerts carry. */
  name: string;
  tags: string[];
  streetId: string | null;
  districtId: string | null;
  /** The department that owns the device; alerts carry it to that department's inbox. */
  departmentId: string | null;
  lng: number | null;
  lat: number | null;
}

const withState = {
  id: devices.id,
  productId: devices.productId,
  name: devices.name,
  token: devices.token,
  tags: devices.tags,
  lng: devices.lng,
  lat: devices.lat,
  gridId: devices.gridId,
  streetId: devices.streetId,
  districtId: devices.districtId,
  departmentId: devices.departmentId,
  createdAt: devices.createdAt,
  updatedAt: devices.updatedAt,
  online: sql<boolean>`coalesce(${deviceState.online}, false)`,
  lastSeenAt: deviceState.lastSeenAt,
};

export class DeviceRepository {
  /**
   * Inserts devices with their connectivity rows; a row whose name or token is taken is
   * skipped (the caller checked both before, this is the race's safety net).
   */
  async insertMany(
    tx: Sql,
    list: Array<NewDevice & { offlineAfterS: number }>,
  ): Promise<Set<string>> {
    if (list.length === 0) return new Set();
    const rows = await tx
      .insert(devices)
      .values(list.map(({ offlineAfterS: _offline, ...device }) => device))
      .onConflictDoNothing()
      .returning({ id: devices.id });
    const inserted = new Set(rows.map((r) => r.id));
    const states = list
      .filter((d) => inserted.has(d.id))
      .map((d) => ({ deviceId: d.id, online: false, offlineAfterS: d.offlineAfterS }));
    if (states.length) await tx.insert(deviceState).values(states);
    return inserted;
  }

  async takenNames(db: Sql, names: string[]): Promise<Set<string>> {
    if (names.length === 0) return new Set();
    const rows = await db
      .select({ name: devices.name })
      .from(devices)
      .where(inArray(devices.name, names));
    return new Set(rows.map((r) => r.name));
  }

  async takenTokens(db: Sql, tokens: string[]): Promise<Set<string>> {
    if (tokens.length === 0) return new Set();
    const rows = await db
      .select({ token: devices.token })
      .from(devices)
      .where(inArray(devices.token, tokens));
    return new Set(rows.map((r) => r.token));
  }

  async findById(db: Sql, id: string): Promise<DeviceWithState | undefined> {
    const [row] = await db
      .select(withState)
      .from(devices)
      .leftJoin(deviceState, eq(deviceState.deviceId, devices.id))
      .where(eq(devices.id, id));
    return row;
  }

  /** One index probe per distinct token (the unique index on token). */
  async findByTokens(db: Sql, tokens: string[]): Promise<Map<string, DeviceCredential>> {
    const found = new Map<string, DeviceCredential>();
    if (tokens.length === 0) return found;
    const rows = await db
      .select({
        token: devices.token,
        deviceId: devices.id,
        productId: devices.productId,
        gridId: devices.gridId,
        name: devices.name,
        tags: devices.tags,
        streetId: devices.streetId,
        districtId: devices.districtId,
        departmentId: devices.departmentId,
        lng: devices.lng,
        lat: devices.lat,
      })
      .from(devices)
      .where(inArray(devices.token, tokens));
    for (const { token, ...credential } of rows) found.set(token, credential);
    return found;
  }

  async list(db: Sql, filter: DeviceFilter): Promise<{ items: DeviceWithState[]; total: number }> {
    const where = this.conditions(filter);
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(devices)
      .where(where);
    const items = await db
      .select(withState)
      .from(devices)
      .leftJoin(deviceState, eq(deviceState.deviceId, devices.id))
      .where(where)
      .orderBy(desc(devices.createdAt), asc(devices.id))
      .limit(filter.limit)
      .offset(filter.offset);
    return { items, total: count?.n ?? 0 };
  }

  private conditions(filter: DeviceFilter): SQL | undefined {
    const conditions: Array<SQL | undefined> = [];
    const inSubtrees = (ids: string[]) =>
      or(
        inArray(devices.districtId, ids),
        inArray(devices.streetId, ids),
        inArray(devices.gridId, ids),
      );
    if (filter.scopes)
      conditions.push(filter.scopes.length ? inSubtrees(filter.scopes) : sql`false`);
    if (filter.regionId) conditions.push(inSubtrees([filter.regionId]));
    if (filter.productId) conditions.push(eq(devices.productId, filter.productId));
    if (filter.tag) conditions.push(arrayContains(devices.tags, [filter.tag]));
    if (filter.q) conditions.push(ilike(devices.name, `%${filter.q.replace(/[%_\\]/g, '\\$&')}%`));
    if (filter.located) conditions.push(sql`${devices.lng} IS NOT NULL`);
    const present = conditions.filter((c): c is SQL => c !== undefined);
    return present.length ? and(...present) : undefined;
  }

  async update(
    tx: Sql,
    id: string,
    change: Partial<Omit<NewDevice, 'id' | 'productId' | 'token'>>,
  ): Promise<void> {
    await tx
      .update(devices)
      .set({ ...change, updatedAt: sql`now()` })
      .where(eq(devices.id, id));
  }

  async delete(tx: Sql, id: string): Promise<void> {
    await tx.delete(devices).where(eq(devices.id, id));
  }

  async countByProduct(db: Sql): Promise<Map<string, number>> {
    const rows = await db
      .select({ productId: devices.productId, n: sql<number>`count(*)::int` })
      .from(devices)
      .groupBy(devices.productId);
    return new Map(rows.map((r) => [r.productId, r.n]));
  }

  // —— connectivity ——

  /** Devices among `ids` that were offline (or never seen): they come online now. */
  async markOnline(tx: Sql, ids: string[], at: Date): Promise<Array<{ deviceId: string }>> {
    if (ids.length === 0) return [];
    return tx
      .update(deviceState)
      .set({ online: true, changedAt: at })
      .where(and(inArray(deviceState.deviceId, ids), eq(deviceState.online, false)))
      .returning({ deviceId: deviceState.deviceId });
  }

  /**
   * Records when each device was last heard of (the server's receive time).
   *
   * `offline_at` (indexed, for the sweep) moves only when it falls outside
   * [last seen + half the offline interval, last seen + the interval]; otherwise only
   * `last_seen_at` changes, which PostgreSQL updates in place (HOT, no index entries). A device
   * reporting once per expected interval rewrites `offline_at` every other message, one
   * reporting faster about once per half interval. The sweep checks `last_seen_at` before
   * it takes a device offline.
   */
  async touch(tx: Sql, seen: Array<{ deviceId: string; at: Date }>): Promise<void> {
    if (seen.length === 0) return;
    const ids = seen.map((s) => s.deviceId);
    const times = seen.map((s) => s.at.toISOString());
    await tx.execute(sql`
      UPDATE iot_device_state s
         SET last_seen_at = greatest(s.last_seen_at, v.at),
             offline_at = CASE
               WHEN s.offline_at
                    BETWEEN greatest(s.last_seen_at, v.at) + make_interval(secs => s.offline_after_s / 2.0)
                        AND greatest(s.last_seen_at, v.at) + make_interval(secs => s.offline_after_s)
               THEN s.offline_at
               ELSE greatest(s.last_seen_at, v.at) + make_interval(secs => s.offline_after_s) END
        FROM unnest(${sql.param(ids)}::uuid[], ${sql.param(times)}::timestamptz[]) AS v(id, at)
       WHERE s.device_id = v.id`);
  }

  /**
   * Marks online devices whose time ran out as offline, at most `limit` per call, and
   * returns them; rows other sweepers hold are skipped. A device due by `offline_at` that was
   * heard of since (see `touch`) stays online and gets its real deadline.
   */
  async sweepOffline(
    tx: Sql,
    now: Date,
    limit: number,
  ): Promise<{ gone: Array<{ deviceId: string; lastSeenAt: Date | null }>; examined: number }> {
    const at = now.toISOString();
    const rows = (await tx.execute(sql`
      WITH due AS (
        SELECT device_id, last_seen_at + make_interval(secs => offline_after_s) AS deadline
          FROM iot_device_state
         WHERE online AND offline_at < ${at}::timestamptz
         ORDER BY offline_at LIMIT ${limit} FOR UPDATE SKIP LOCKED),
      heard AS (
        UPDATE iot_device_state s SET offline_at = due.deadline
          FROM due WHERE s.device_id = due.device_id AND due.deadline >= ${at}::timestamptz
        RETURNING s.device_id),
      gone AS (
        UPDATE iot_device_state s SET online = false, changed_at = ${at}::timestamptz
          FROM due
         WHERE s.device_id = due.device_id
           AND (due.deadline IS NULL OR due.deadline < ${at}::timestamptz)
        RETURNING s.device_id, (extract(epoch from s.last_seen_at) * 1000)::float8 AS last_seen_ms)
      SELECT device_id AS "deviceId", last_seen_ms AS "lastSeenMs", false AS heard FROM gone
      UNION ALL
      SELECT device_id, NULL, true FROM heard`)) as unknown as {
      rows: Array<{ deviceId: string; lastSeenMs: number | null; heard: boolean }>;
    };
    return {
      gone: rows.rows
        .filter((r) => !r.heard)
        .map((r) => ({
          deviceId: r.deviceId,
          lastSeenAt: r.lastSeenMs === null ? null : new Date(r.lastSeenMs),
        })),
      examined: rows.rows.length,
    };
  }

  async findManyByIds(db: Sql, ids: string[]): Promise<DeviceRow[]> {
    if (ids.length === 0) return [];
    return db.select().from(devices).where(inArray(devices.id, ids));
  }
}
