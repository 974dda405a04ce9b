import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const notifications = pgTable('svc_notifications', {
  id: uuid('id').primaryKey(),
  recipientId: uuid('recipient_id').notNull(),
  applicationId: uuid('application_id'),
  eventType: text('event_type').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  smsSentAt: tstz('sms_sent_at'),
  readAt: tstz('read_at'),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

export type NotificationRow = typeof notifications.$inferSelect;

/** In-app notifications to applicants. */
export class NotificationRepository {
  async insert(db: Sql, row: Omit<NotificationRow, 'createdAt' | 'readAt'>): Promise<void> {
    await db.insert(notifications).values(row).onConflictDoNothing();
  }

  async list(db: Sql, recipientId: string, limit: number, offset: number, unreadOnly: boolean) {
    const where = and(
      eq(notifications.recipientId, recipientId),
      unreadOnly ? isNull(notifications.readAt) : undefined,
    );
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(where);
    const [unread] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(and(eq(notifications.recipientId, recipientId), isNull(notifications.readAt)));
    const items = await db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(limit)
      .offset(offset);
    return { items, total: count?.n ?? 0, unread: unread?.n ?? 0 };
  }

  async markRead(db: Sql, recipientId: string, id: string): Promise<boolean> {
    const updated = await db
      .update(notifications)
      .set({ readAt: new Date() })
      .where(
        and(
          eq(notifications.id, id),
          eq(notifications.recipientId, recipientId),
          isNull(notifications.readAt),
        ),
      )
      .returning({ id: notifications.id });
    return updated.length === 1;
  }
}
