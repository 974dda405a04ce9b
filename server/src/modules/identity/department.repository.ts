import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';

export const departments = pgTable('identity_departments', {
  id: text('id').primaryKey(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  shortName: text('short_name').notNull(),
  nameEn: text('name_en').notNull(),
  regionId: text('region_id').notNull(),
});

export type Department = typeof departments.$inferSelect;

export class DepartmentRepository {
  async insertMany(tx: Sql, list: Department[]): Promise<number> {
    if (list.length === 0) return 0;
    const rows = await tx
      .insert(departments)
      .values(list)
      .onConflictDoNothing()
      .returning({ id: departments.id });
    return rows.length;
  }

  async findById(db: Sql, id: string): Promise<Department | undefined> {
    const [row] = await db.select().from(departments).where(eq(departments.id, id));
    return row;
  }

  async list(db: Sql, filter: { regionIds?: string[]; code?: string }): Promise<Department[]> {
    const conditions: SQL[] = [];
    if (filter.regionIds) conditions.push(inArray(departments.regionId, filter.regionIds));
    if (filter.code) conditions.push(eq(departments.code, filter.code));
    return db
      .select()
      .from(departments)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(asc(departments.regionId), asc(departments.code));
  }
}
