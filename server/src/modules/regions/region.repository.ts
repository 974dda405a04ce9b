import { asc, eq, sql } from 'drizzle-orm';
import { doublePrecision, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';
import type { BBox, PolygonalGeometry } from './geography/index.ts';
import type { RegionLevel } from './geography/index.ts';

export const regionsTable = pgTable('regions_regions', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  level: text('level', { enum: ['city', 'district', 'street', 'grid'] }).notNull(),
  parentId: text('parent_id'),
  geometry: jsonb('geometry').$type<PolygonalGeometry>().notNull(),
  centroidLng: doublePrecision('centroid_lng').notNull(),
  centroidLat: doublePrecision('centroid_lat').notNull(),
  bbox: doublePrecision('bbox').array().notNull(),
  sortKey: integer('sort_key').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});

export interface RegionRecord {
  id: string;
  name: string;
  level: RegionLevel;
  parentId: string | null;
  geometry: PolygonalGeometry;
  centroid: [number, number];
  bbox: BBox;
  sortKey: number;
}

export class RegionRepository {
  async count(db: Sql): Promise<number> {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(regionsTable);
    return row?.n ?? 0;
  }

  async loadAll(db: Sql): Promise<RegionRecord[]> {
    const rows = await db.select().from(regionsTable).orderBy(asc(regionsTable.sortKey));
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      level: row.level,
      parentId: row.parentId,
      geometry: row.geometry,
      centroid: [row.centroidLng, row.centroidLat],
      bbox: row.bbox as BBox,
      sortKey: row.sortKey,
    }));
  }

  /** Inserts regions parents-first; ones that exist already are left as they are. */
  async insertMany(tx: Sql, regions: RegionRecord[]): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < regions.length; i += 500) {
      const rows = await tx
        .insert(regionsTable)
        .values(
          regions.slice(i, i + 500).map((region) => ({
            id: region.id,
            name: region.name,
            level: region.level,
            parentId: region.parentId,
            geometry: region.geometry,
            centroidLng: region.centroid[0],
            centroidLat: region.centroid[1],
            bbox: region.bbox,
            sortKey: region.sortKey,
            updatedAt: new Date(),
          })),
        )
        .onConflictDoNothing()
        .returning({ id: regionsTable.id });
      inserted += rows.length;
    }
    return inserted;
  }

  async rename(tx: Sql, id: string, name: string): Promise<void> {
    await tx
      .update(regionsTable)
      .set({ name, updatedAt: new Date() })
      .where(eq(regionsTable.id, id));
  }
}
