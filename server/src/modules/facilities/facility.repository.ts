import { and, asc, desc, eq, gte, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import {
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';
import type { ComponentScore, HealthLevel, HealthModel, HealthScore } from './health-model.ts';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const facilities = pgTable('fac_facilities', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  kind: text('kind').notNull(),
  gridId: text('grid_id'),
  streetId: text('street_id'),
  districtId: text('district_id').notNull(),
  lng: doublePrecision('lng'),
  lat: doublePrecision('lat'),
  departmentId: text('department_id'),
  model: jsonb('model').$type<HealthModel>().notNull(),
  version: integer('version').notNull(),
  score: real('score'),
  level: text('level').$type<HealthLevel>().notNull(),
  coverage: real('coverage').notNull(),
  scoredAt: tstz('scored_at'),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

export const facilityDevices = pgTable(
  'fac_facility_devices',
  {
    facilityId: text('facility_id').notNull(),
    deviceId: uuid('device_id').notNull(),
    role: text('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.facilityId, t.deviceId] })],
);

export const healthScores = pgTable(
  'fac_health_scores',
  {
    facilityId: text('facility_id').notNull(),
    ts: tstz('ts').notNull(),
    score: real('score'),
    level: text('level').$type<HealthLevel>().notNull(),
    coverage: real('coverage').notNull(),
    components: jsonb('components').$type<ComponentScore[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.facilityId, t.ts] })],
);

export type FacilityRow = typeof facilities.$inferSelect;
export type NewFacility = Omit<
  typeof facilities.$inferInsert,
  'version' | 'score' | 'level' | 'coverage' | 'scoredAt' | 'createdAt' | 'updatedAt'
>;
export interface FacilityDevice {
  deviceId: string;
  role: string;
}

export interface FacilityFilter {
  /** Region subtrees the reader may see; null = the whole city. */
  scopes: string[] | null;
  regionId?: string;
  kind?: string;
  level?: HealthLevel;
  q?: string;
  limit: number;
  offset: number;
}

/** The facilities module's tables: facilities, their devices, health history. */
export class FacilityRepository {
  async insert(db: Sql, facility: NewFacility, members: FacilityDevice[]): Promise<void> {
    await db.insert(facilities).values({ ...facility, version: 1, level: 'unknown', coverage: 0 });
    await this.replaceDevices(db, facility.id, members);
  }

  async replaceDevices(db: Sql, facilityId: string, members: FacilityDevice[]): Promise<void> {
    await db.delete(facilityDevices).where(eq(facilityDevices.facilityId, facilityId));
    if (members.length === 0) return;
    await db
      .insert(facilityDevices)
      .values(members.map((m) => ({ facilityId, deviceId: m.deviceId, role: m.role })));
  }

  async find(db: Sql, id: string): Promise<FacilityRow | undefined> {
    const [row] = await db.select().from(facilities).where(eq(facilities.id, id));
    return row;
  }

  async devicesOf(db: Sql, facilityIds: string[]) {
    if (facilityIds.length === 0) return [];
    return db
      .select()
      .from(facilityDevices)
      .where(inArray(facilityDevices.facilityId, facilityIds))
      .orderBy(asc(facilityDevices.facilityId), asc(facilityDevices.role));
  }

  async list(db: Sql, filter: FacilityFilter) {
    const where = this.conditions(filter);
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(facilities)
      .where(where);
    const items = await db
      .select()
      .from(facilities)
      .where(where)
      .orderBy(asc(facilities.districtId), asc(facilities.id))
      .limit(filter.limit)
      .offset(filter.offset);
    return { items, total: count?.n ?? 0 };
  }

  /** Every facility id with its model, for the periodic scoring pass. */
  async all(db: Sql) {
    return db.select().from(facilities).orderBy(asc(facilities.id));
  }

  /** Replaces the model if the stored version is the one the writer read; false if not. */
  async updateModel(db: Sql, id: string, version: number, model: HealthModel): Promise<boolean> {
    const updated = await db
      .update(facilities)
      .set({ model, version: version + 1, updatedAt: new Date() })
      .where(and(eq(facilities.id, id), eq(facilities.version, version)))
      .returning({ id: facilities.id });
    return updated.length === 1;
  }

  async recordScore(db: Sql, facilityId: string, ts: Date, health: HealthScore): Promise<void> {
    await db
      .insert(healthScores)
      .values({
        facilityId,
        ts,
        score: health.score,
        level: health.level,
        coverage: health.coverage,
        components: health.components,
      })
      .onConflictDoNothing();
    await db
      .update(facilities)
      .set({ score: health.score, level: health.level, coverage: health.coverage, scoredAt: ts })
      .where(eq(facilities.id, facilityId));
  }

  async history(db: Sql, facilityId: string, from: Date, to: Date, limit: number) {
    return db
      .select()
      .from(healthScores)
      .where(
        and(
          eq(healthScores.facilityId, facilityId),
          gte(healthScores.ts, from),
          lte(healthScores.ts, to),
        ),
      )
      .orderBy(desc(healthScores.ts))
      .limit(limit);
  }

  async pruneHistory(db: Sql, before: Date): Promise<void> {
    await db.delete(healthScores).where(sql`${healthScores.ts} < ${before}`);
  }

  private conditions(filter: FacilityFilter): SQL | undefined {
    const inSubtrees = (ids: string[]) =>
      or(
        inArray(facilities.districtId, ids),
        inArray(facilities.streetId, ids),
        inArray(facilities.gridId, ids),
      );
    const conditions: Array<SQL | undefined> = [];
    if (filter.scopes) {
      conditions.push(filter.scopes.length ? inSubtrees(filter.scopes) : sql`false`);
    }
    if (filter.regionId) conditions.push(inSubtrees([filter.regionId]));
    if (filter.kind) conditions.push(eq(facilities.kind, filter.kind));
    if (filter.level) conditions.push(eq(facilities.level, filter.level));
    if (filter.q) {
      const pattern = `%${filter.q.replace(/[%_\\]/g, '\\$&')}%`;
      conditions.push(or(ilike(facilities.name, pattern), ilike(facilities.id, pattern)));
    }
    const present = conditions.filter((c): c is SQL => c !== undefined);
    return present.length ? and(...present) : undefined;
  }
}
