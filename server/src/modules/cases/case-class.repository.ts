import { and, asc, eq, sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';
import type { AlertMapping, AlertSeverity } from './alert-mapping.ts';
import type { CasePriority } from './case-workflow.ts';
import type { ClassDeadlines, ClassKind } from './gbt30428-catalog.ts';

export const classes = pgTable('cases_classes', {
  id: text('id').primaryKey(),
  kind: text('kind').$type<ClassKind>().notNull(),
  bigCode: text('big_code').notNull(),
  bigName: text('big_name').notNull(),
  smallCode: text('small_code').notNull(),
  smallName: text('small_name').notNull(),
  departmentCode: text('department_code').notNull(),
  keepInGrid: boolean('keep_in_grid').notNull(),
  defaultPriority: text('default_priority').$type<CasePriority>().notNull(),
  deadlines: jsonb('deadlines').$type<ClassDeadlines>().notNull(),
  enabled: boolean('enabled').notNull(),
  version: integer('version').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export type DispatchTarget = 'department_code' | 'department' | 'grid';

export const dispatchRules = pgTable('cases_dispatch_rules', {
  id: uuid('id').primaryKey(),
  classId: text('class_id').notNull(),
  regionId: text('region_id').notNull(),
  target: text('target').$type<DispatchTarget>().notNull(),
  departmentCode: text('department_code'),
  departmentId: text('department_id'),
  note: text('note').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const alertMappings = pgTable('cases_alert_mappings', {
  id: uuid('id').primaryKey(),
  ruleId: uuid('rule_id'),
  productId: text('product_id'),
  minSeverity: text('min_severity').$type<AlertSeverity>().notNull(),
  classId: text('class_id').notNull(),
  priority: text('priority').$type<CasePriority>().notNull(),
  onCleared: text('on_cleared').$type<'close' | 'note'>().notNull(),
  enabled: boolean('enabled').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export type CaseClassRow = typeof classes.$inferSelect;
export type DispatchRuleRow = typeof dispatchRules.$inferSelect;
export type NewCaseClass = Omit<CaseClassRow, 'version' | 'updatedAt' | 'enabled'> & {
  enabled?: boolean;
};

/** The classification, dispatch rules and alert mappings: reference data, read far more than written. */
export class CaseClassRepository {
  async insertClasses(tx: Sql, rows: NewCaseClass[]): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = await tx
      .insert(classes)
      .values(rows.map((r) => ({ ...r, enabled: r.enabled ?? true, version: 1 })))
      .onConflictDoNothing()
      .returning({ id: classes.id });
    return inserted.length;
  }

  async countClasses(db: Sql): Promise<number> {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(classes);
    return row?.n ?? 0;
  }

  listClasses(db: Sql): Promise<CaseClassRow[]> {
    return db.select().from(classes).orderBy(asc(classes.kind), asc(classes.id));
  }

  async updateClass(
    tx: Sql,
    id: string,
    version: number,
    patch: Partial<
      Pick<
        CaseClassRow,
        'departmentCode' | 'keepInGrid' | 'defaultPriority' | 'deadlines' | 'enabled' | 'smallName'
      >
    >,
  ): Promise<CaseClassRow | undefined> {
    const [row] = await tx
      .update(classes)
      .set({ ...patch, version: sql`${classes.version} + 1`, updatedAt: new Date() })
      .where(and(eq(classes.id, id), eq(classes.version, version)))
      .returning();
    return row;
  }

  /** Changes whenever the catalog changes (other nodes reload their cache). */
  async stamp(db: Sql): Promise<string> {
    const result = (await db.execute(sql`
      SELECT (SELECT coalesce(max(updated_at)::text, '') || ':' || count(*)::text FROM cases_classes)
          || '|' || (SELECT coalesce(max(created_at)::text, '') || ':' || count(*)::text FROM cases_dispatch_rules)
          || '|' || (SELECT coalesce(max(created_at)::text, '') || ':' || count(*)::text FROM cases_alert_mappings)
          AS stamp`)) as unknown as { rows: Array<{ stamp: string }> };
    return result.rows[0]?.stamp ?? '';
  }

  // ---- dispatch rules
  listRules(db: Sql): Promise<DispatchRuleRow[]> {
    return db
      .select()
      .from(dispatchRules)
      .orderBy(asc(dispatchRules.classId), asc(dispatchRules.regionId));
  }

  async upsertRule(tx: Sql, row: Omit<DispatchRuleRow, 'createdAt'>): Promise<DispatchRuleRow> {
    const [saved] = await tx
      .insert(dispatchRules)
      .values({ ...row, createdAt: new Date() })
      .onConflictDoUpdate({
        target: [dispatchRules.classId, dispatchRules.regionId],
        set: {
          target: row.target,
          departmentCode: row.departmentCode,
          departmentId: row.departmentId,
          note: row.note,
          createdBy: row.createdBy,
          createdAt: new Date(),
        },
      })
      .returning();
    return saved as DispatchRuleRow;
  }

  async deleteRule(tx: Sql, id: string): Promise<DispatchRuleRow | undefined> {
    const [row] = await tx.delete(dispatchRules).where(eq(dispatchRules.id, id)).returning();
    return row;
  }

  async findRule(db: Sql, id: string): Promise<DispatchRuleRow | undefined> {
    const [row] = await db.select().from(dispatchRules).where(eq(dispatchRules.id, id));
    return row;
  }

  // ---- alert mappings
  async listMappings(db: Sql): Promise<AlertMapping[]> {
    return db
      .select({
        id: alertMappings.id,
        ruleId: alertMappings.ruleId,
        productId: alertMappings.productId,
        minSeverity: alertMappings.minSeverity,
        classId: alertMappings.classId,
        priority: alertMappings.priority,
        onCleared: alertMappings.onCleared,
        enabled: alertMappings.enabled,
      })
      .from(alertMappings)
      .orderBy(asc(alertMappings.createdAt), asc(alertMappings.id));
  }

  async insertMappings(tx: Sql, rows: AlertMapping[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.insert(alertMappings).values(rows.map((r) => ({ ...r, createdAt: new Date() })));
  }

  async deleteMapping(tx: Sql, id: string): Promise<boolean> {
    const rows = await tx
      .delete(alertMappings)
      .where(eq(alertMappings.id, id))
      .returning({ id: alertMappings.id });
    return rows.length > 0;
  }
}
