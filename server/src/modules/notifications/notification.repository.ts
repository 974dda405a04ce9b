import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type NotificationKind = 'case_supervised' | 'alert_raised' | 'incident_opened';

export const items = pgTable('notifications_items', {
  id: uuid('id').primaryKey(),
  eventId: uuid('event_id').notNull(),
  departmentId: text('department_id').notNull(),
  kind: text('kind').$type<NotificationKind>().notNull(),
  caseId: uuid('case_id'),
  caseNumber: text('case_number'),
  /** The alarm-storm incident it announces: one notification per incident and department. */
  incidentId: uuid('incident_id'),
  note: text('note'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  createdAt: tstz('created_at').notNull(),
});

export const reads = pgTable(
  'notifications_reads',
  {
    notificationId: uuid('notification_id').notNull(),
    accountId: uuid('account_id').notNull(),
    readAt: tstz('read_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.notificationId, t.accountId] })],
);

export type NotificationRow = typeof items.$inferSelect;
export type NewNotification = typeof items.$inferInsert;

/** A notification as one reader sees it: with that reader's read time. */
export interface InboxEntry extends NotificationRow {
  readAt: Date | null;
}

/** Whose inbox: the reader's department and the reader (read state is per account). */
export interface Reader {
  departmentId: string;
  accountId: string;
}

const entryColumns = {
  id: items.id,
  eventId: items.eventId,
  departmentId: items.departmentId,
  kind: items.kind,
  caseId: items.caseId,
  caseNumber: items.caseNumber,
  incidentId: items.incidentId,
  note: items.note,
  details: items.details,
  createdAt: items.createdAt,
  readAt: reads.readAt,
};

const readBy = (accountId: string) =>
  and(eq(reads.notificationId, items.id), eq(reads.accountId, accountId));

/** The inbox's two tables: notifications per department, read marks per account. */
export class NotificationRepository {
  /**
   * Adds unless this event already notified this department, or (with `incidentId`) the
   * department already heard of this incident; the added row or null.
   */
  async add(db: Sql, row: NewNotification): Promise<NotificationRow | null> {
    // No conflict target: either unique key — (event, department) or (incident, department) —
    // makes the insert a no-op.
    const [saved] = await db.insert(items).values(row).onConflictDoNothing().returning();
    return saved ?? null;
  }

  /** The reader's inbox, newest first, with how many the reader has not read. */
  async list(
    db: Sql,
    reader: Reader,
    page: { unreadOnly: boolean; limit: number; offset: number },
  ): Promise<{ items: InboxEntry[]; total: number; unreadCount: number }> {
    const mine = eq(items.departmentId, reader.departmentId);
    const where: SQL | undefined = page.unreadOnly ? and(mine, isNull(reads.readAt)) : mine;
    const [counts] = await db
      .select({
        total: sql<number>`count(*)::int`,
        unread: sql<number>`(count(*) FILTER (WHERE ${reads.readAt} IS NULL))::int`,
      })
      .from(items)
      .leftJoin(reads, readBy(reader.accountId))
      .where(mine);
    const rows = await db
      .select(entryColumns)
      .from(items)
      .leftJoin(reads, readBy(reader.accountId))
      .where(where)
      .orderBy(desc(items.createdAt), desc(items.id))
      .limit(page.limit)
      .offset(page.offset);
    const total = page.unreadOnly ? (counts?.unread ?? 0) : (counts?.total ?? 0);
    return { items: rows, total, unreadCount: counts?.unread ?? 0 };
  }

  /** One notification of the reader's department, or null (another department's is not theirs). */
  async find(db: Sql, reader: Reader, id: string): Promise<InboxEntry | null> {
    const [row] = await db
      .select(entryColumns)
      .from(items)
      .leftJoin(reads, readBy(reader.accountId))
      .where(and(eq(items.id, id), eq(items.departmentId, reader.departmentId)));
    return row ?? null;
  }

  /** Marks one notification read by the reader (the first read time stays). */
  async markRead(db: Sql, reader: Reader, id: string, at: Date): Promise<void> {
    await db
      .insert(reads)
      .values({ notificationId: id, accountId: reader.accountId, readAt: at })
      .onConflictDoNothing();
  }

  /** Marks every notification of the reader's department read; how many were unread. */
  async markAllRead(db: Sql, reader: Reader, at: Date): Promise<number> {
    const marked = await db
      .insert(reads)
      .select(
        db
          .select({
            notificationId: items.id,
            accountId: sql<string>`${reader.accountId}::uuid`.as('account_id'),
            readAt: sql<Date>`${at.toISOString()}::timestamptz`.as('read_at'),
          })
          .from(items)
          .where(eq(items.departmentId, reader.departmentId)),
      )
      .onConflictDoNothing()
      .returning({ id: reads.notificationId });
    return marked.length;
  }
}
