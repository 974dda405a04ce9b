import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import { customType, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';
import type { ImageType } from './image-sniff.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  // PGlite returns Uint8Array, node-postgres a Buffer: callers always get a Buffer.
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const photos = pgTable('cases_photos', {
  id: uuid('id').primaryKey(),
  caseId: uuid('case_id'),
  contentType: text('content_type').$type<ImageType>().notNull(),
  byteSize: integer('byte_size').notNull(),
  sha256: text('sha256').notNull(),
  uploadedBy: text('uploaded_by').notNull(),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true, mode: 'date' }).notNull(),
  data: bytea('data').notNull(),
});

export type PhotoRow = typeof photos.$inferSelect;
export type PhotoMeta = Omit<PhotoRow, 'data'>;

const meta = {
  id: photos.id,
  caseId: photos.caseId,
  contentType: photos.contentType,
  byteSize: photos.byteSize,
  sha256: photos.sha256,
  uploadedBy: photos.uploadedBy,
  uploadedAt: photos.uploadedAt,
};

export class CasePhotoRepository {
  async insert(tx: Sql, row: PhotoRow): Promise<PhotoMeta> {
    const [saved] = await tx.insert(photos).values(row).returning(meta);
    return saved as PhotoMeta;
  }

  async find(db: Sql, id: string): Promise<PhotoRow | undefined> {
    const [row] = await db.select().from(photos).where(eq(photos.id, id));
    return row;
  }

  async findMeta(db: Sql, id: string): Promise<PhotoMeta | undefined> {
    const [row] = await db.select(meta).from(photos).where(eq(photos.id, id));
    return row;
  }

  /**
   * Attaches photos to a case: only the uploader's own photos that are not on another case.
   * Returns the ids attached, so the caller can refuse ids that were not.
   */
  async attach(tx: Sql, ids: string[], caseId: string, uploadedBy: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await tx
      .update(photos)
      .set({ caseId })
      .where(
        and(
          inArray(photos.id, ids),
          eq(photos.uploadedBy, uploadedBy),
          or(isNull(photos.caseId), eq(photos.caseId, caseId)),
        ),
      )
      .returning({ id: photos.id });
    return rows.map((r) => r.id);
  }

  listFor(db: Sql, caseId: string): Promise<PhotoMeta[]> {
    return db
      .select(meta)
      .from(photos)
      .where(eq(photos.caseId, caseId))
      .orderBy(asc(photos.uploadedAt), asc(photos.id));
  }
}
