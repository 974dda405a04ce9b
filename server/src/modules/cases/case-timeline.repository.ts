import { asc, eq } from 'drizzle-orm';
import { bigserial, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';
import type { CaseStage } from './case-workflow.ts';

export const timeline = pgTable('cases_timeline', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  caseId: uuid('case_id').notNull(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  action: text('action').notNull(),
  actorId: text('actor_id').notNull(),
  actorName: text('actor_name').notNull(),
  actorRole: text('actor_role'),
  fromStage: text('from_stage').$type<CaseStage>(),
  toStage: text('to_stage').$type<CaseStage>(),
  note: text('note'),
  photoIds: jsonb('photo_ids').$type<string[]>().notNull(),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
});

export type TimelineRow = typeof timeline.$inferSelect;
export type NewTimelineEntry = Omit<TimelineRow, 'id' | 'photoIds' | 'details' | 'at'> & {
  at?: Date;
  photoIds?: string[];
  details?: Record<string, unknown>;
};

/** Every step of every case, append-only. */
export class CaseTimelineRepository {
  async append(tx: Sql, entry: NewTimelineEntry): Promise<TimelineRow> {
    const [row] = await tx
      .insert(timeline)
      .values({
        ...entry,
        at: entry.at ?? new Date(),
        photoIds: entry.photoIds ?? [],
        details: entry.details ?? {},
      })
      .returning();
    return row as TimelineRow;
  }

  /** Several entries in one statement (batched intake). */
  async appendMany(tx: Sql, entries: NewTimelineEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const at = new Date();
    await tx.insert(timeline).values(
      entries.map((entry) => ({
        ...entry,
        at: entry.at ?? at,
        photoIds: entry.photoIds ?? [],
        details: entry.details ?? {},
      })),
    );
  }

  listFor(db: Sql, caseId: string): Promise<TimelineRow[]> {
    return db.select().from(timeline).where(eq(timeline.caseId, caseId)).orderBy(asc(timeline.id));
  }
}
