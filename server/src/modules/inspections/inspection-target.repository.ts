import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const targets = pgTable('insp_targets', {
  id: uuid('id').primaryKey(),
  source: text('source').$type<'licence'>().notNull(),
  licenceId: uuid('licence_id').notNull(),
  licenceNumber: text('licence_number').notNull(),
  licenceType: text('licence_type').notNull(),
  name: text('name').notNull(),
  address: text('address'),
  holderId: uuid('holder_id').notNull(),
  districtId: text('district_id'),
  departmentId: text('department_id').notNull(),
  reason: text('reason').notNull(),
  status: text('status').$type<'scheduled' | 'removed'>().notNull(),
  dueBy: tstz('due_by').notNull(),
  addedAt: tstz('added_at').notNull().defaultNow(),
  removedAt: tstz('removed_at'),
  removedReason: text('removed_reason'),
});

export type TargetRow = typeof targets.$inferSelect;

export interface TargetFilter {
  /** Districts the reader may see; null: all. */
  districtIds: string[] | null;
  departmentId?: string;
  status?: 'scheduled' | 'removed';
  limit: number;
  offset: number;
}

/** The inspection list's one table. */
export class InspectionTargetRepository {
  /** Adds unless the licence is on the list already; the added row or null. */
  async add(db: Sql, row: Omit<TargetRow, 'addedAt' | 'removedAt' | 'removedReason'>) {
    const [saved] = await db.insert(targets).values(row).onConflictDoNothing().returning();
    return saved ?? null;
  }

  async removeForLicence(db: Sql, licenceId: string, reason: string): Promise<TargetRow | null> {
    const [row] = await db
      .update(targets)
      .set({ status: 'removed', removedAt: new Date(), removedReason: reason })
      .where(and(eq(targets.licenceId, licenceId), eq(targets.status, 'scheduled')))
      .returning();
    return row ?? null;
  }

  async list(db: Sql, filter: TargetFilter) {
    const conditions: SQL[] = [];
    if (filter.districtIds) {
      conditions.push(
        filter.districtIds.length ? inArray(targets.districtId, filter.districtIds) : sql`false`,
      );
    }
    if (filter.departmentId) conditions.push(eq(targets.departmentId, filter.departmentId));
    if (filter.status) conditions.push(eq(targets.status, filter.status));
    const where = conditions.length ? and(...conditions) : undefined;
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(targets)
      .where(where);
    const items = await db
      .select()
      .from(targets)
      .where(where)
      .orderBy(asc(targets.dueBy), asc(targets.id))
      .limit(filter.limit)
      .offset(filter.offset);
    return { items, total: count?.n ?? 0 };
  }
}
