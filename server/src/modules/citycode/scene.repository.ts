import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, real, text, timestamp } from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';
import type { SceneRule } from './scene-rules.ts';
import type { HolderField, SceneType } from './scene-types.ts';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type Status = 'active' | 'disabled';

export const scenes = pgTable('citycode_scenes', {
  id: text('id').primaryKey(),
  type: text('type').$type<SceneType>().notNull(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  regionId: text('region_id'),
  rules: jsonb('rules').$type<SceneRule[]>().notNull(),
  fields: text('fields').array().$type<HolderField[]>().notNull(),
  status: text('status').$type<Status>().notNull(),
  version: integer('version').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

export const scanners = pgTable('citycode_scanners', {
  id: text('id').primaryKey(),
  sceneId: text('scene_id').notNull(),
  name: text('name').notNull(),
  place: text('place'),
  keyHash: text('key_hash').notNull(),
  ratePerSecond: real('rate_per_second').notNull(),
  burst: integer('burst').notNull(),
  status: text('status').$type<Status>().notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

export type SceneRow = typeof scenes.$inferSelect;
export type ScannerRow = typeof scanners.$inferSelect;
export type NewScene = Omit<SceneRow, 'version' | 'createdAt' | 'updatedAt'>;
export type NewScanner = Omit<ScannerRow, 'createdAt' | 'updatedAt'>;

/** Scenes and the scanner devices bound to them. */
export class SceneRepository {
  async findScene(db: Sql, id: string): Promise<SceneRow | undefined> {
    const [row] = await db.select().from(scenes).where(eq(scenes.id, id));
    return row;
  }

  async listScenes(db: Sql, filter: { type?: SceneType } = {}): Promise<SceneRow[]> {
    return db
      .select()
      .from(scenes)
      .where(filter.type ? eq(scenes.type, filter.type) : undefined)
      .orderBy(asc(scenes.type), asc(scenes.id));
  }

  async insertScenes(db: Sql, list: NewScene[]): Promise<number> {
    if (list.length === 0) return 0;
    const rows = await db
      .insert(scenes)
      .values(list.map((s) => ({ ...s, version: 1 })))
      .onConflictDoNothing()
      .returning({ id: scenes.id });
    return rows.length;
  }

  /** Optimistic concurrency: false when `version` is no longer the stored one. */
  async updateScene(
    db: Sql,
    id: string,
    version: number,
    change: Pick<SceneRow, 'name' | 'nameEn' | 'regionId' | 'rules' | 'fields' | 'status'>,
  ): Promise<boolean> {
    const rows = await db
      .update(scenes)
      .set({ ...change, version: version + 1, updatedAt: sql`now()` })
      .where(and(eq(scenes.id, id), eq(scenes.version, version)))
      .returning({ id: scenes.id });
    return rows.length === 1;
  }

  async findScanner(db: Sql, id: string): Promise<ScannerRow | undefined> {
    const [row] = await db.select().from(scanners).where(eq(scanners.id, id));
    return row;
  }

  async listScanners(db: Sql, filter: { sceneId?: string } = {}): Promise<ScannerRow[]> {
    return db
      .select()
      .from(scanners)
      .where(filter.sceneId ? eq(scanners.sceneId, filter.sceneId) : undefined)
      .orderBy(asc(scanners.sceneId), asc(scanners.id));
  }

  async scannersByIds(db: Sql, ids: string[]): Promise<ScannerRow[]> {
    if (ids.length === 0) return [];
    return db.select().from(scanners).where(inArray(scanners.id, ids));
  }

  async insertScanners(db: Sql, list: NewScanner[]): Promise<number> {
    if (list.length === 0) return 0;
    const rows = await db
      .insert(scanners)
      .values(list)
      .onConflictDoNothing()
      .returning({ id: scanners.id });
    return rows.length;
  }

  async updateScanner(
    db: Sql,
    id: string,
    change: Partial<
      Pick<ScannerRow, 'status' | 'keyHash' | 'ratePerSecond' | 'burst' | 'name' | 'place'>
    >,
  ): Promise<ScannerRow | undefined> {
    const [row] = await db
      .update(scanners)
      .set({ ...change, updatedAt: sql`now()` })
      .where(eq(scanners.id, id))
      .returning();
    return row;
  }
}
