import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { customType, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

export const uploads = pgTable('svc_uploads', {
  id: uuid('id').primaryKey(),
  ownerId: uuid('owner_id').notNull(),
  fileName: text('file_name'),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  applicationId: uuid('application_id'),
  createdAt: tstz('created_at').notNull().defaultNow(),
  data: bytea('data').notNull(),
});

export type UploadRow = typeof uploads.$inferSelect;
export type UploadMeta = Omit<UploadRow, 'data'>;

const meta = {
  id: uploads.id,
  ownerId: uploads.ownerId,
  fileName: uploads.fileName,
  contentType: uploads.contentType,
  size: uploads.size,
  sha256: uploads.sha256,
  applicationId: uploads.applicationId,
  createdAt: uploads.createdAt,
};

/** Files applicants upload as materials; bound to an application when it is submitted. */
export class UploadRepository {
  async insert(db: Sql, row: Omit<UploadRow, 'createdAt'>): Promise<UploadMeta> {
    const [saved] = await db.insert(uploads).values(row).returning(meta);
    return saved!;
  }

  async findMeta(db: Sql, ids: string[]): Promise<UploadMeta[]> {
    if (ids.length === 0) return [];
    return db.select(meta).from(uploads).where(inArray(uploads.id, ids));
  }

  async find(db: Sql, id: string): Promise<UploadRow | undefined> {
    const [row] = await db.select().from(uploads).where(eq(uploads.id, id));
    return row;
  }

  /** Binds free uploads of the owner to an application (once bound, they stay). */
  async bind(db: Sql, ids: string[], ownerId: string, applicationId: string): Promise<void> {
    if (ids.length === 0) return;
    await db
      .update(uploads)
      .set({ applicationId })
      .where(
        and(inArray(uploads.id, ids), eq(uploads.ownerId, ownerId), isNull(uploads.applicationId)),
      );
  }

  async recentBytes(db: Sql, ownerId: string, since: Date): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`coalesce(sum(${uploads.size}), 0)::bigint` })
      .from(uploads)
      .where(and(eq(uploads.ownerId, ownerId), sql`${uploads.createdAt} >= ${since}`));
    return Number(row?.n ?? 0);
  }

  async listOwn(db: Sql, ownerId: string, limit: number) {
    return db
      .select(meta)
      .from(uploads)
      .where(eq(uploads.ownerId, ownerId))
      .orderBy(desc(uploads.createdAt))
      .limit(limit);
  }
}
