import { asc, eq, sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';
import type { ThingModel } from './thing-model.ts';

export const products = pgTable('iot_products', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  description: text('description').notNull(),
  thingModel: jsonb('thing_model').$type<ThingModel>().notNull(),
  retentionDays: integer('retention_days').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export type ProductRow = typeof products.$inferSelect;
export type NewProduct = Omit<ProductRow, 'createdAt' | 'updatedAt'>;

export class ProductRepository {
  async list(db: Sql): Promise<ProductRow[]> {
    return db.select().from(products).orderBy(asc(products.id));
  }

  async findById(db: Sql, id: string): Promise<ProductRow | undefined> {
    const [row] = await db.select().from(products).where(eq(products.id, id));
    return row;
  }

  /** Inserts products; ones that exist already are left as they are. */
  async insertMany(tx: Sql, list: NewProduct[]): Promise<number> {
    if (list.length === 0) return 0;
    const rows = await tx
      .insert(products)
      .values(list)
      .onConflictDoNothing()
      .returning({ id: products.id });
    return rows.length;
  }

  async update(tx: Sql, id: string, change: Partial<Omit<NewProduct, 'id'>>): Promise<void> {
    await tx
      .update(products)
      .set({ ...change, updatedAt: sql`now()` })
      .where(eq(products.id, id));
  }
}
