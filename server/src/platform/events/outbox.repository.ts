import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  bigserial,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Sql } from '../db/database.ts';
import type { DomainEvent, NewEvent } from './event.ts';

export const outbox = pgTable('platform_outbox', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  eventId: uuid('event_id').notNull(),
  type: text('type').notNull(),
  payload: jsonb('payload').notNull(),
  actorId: text('actor_id'),
  regionId: text('region_id'),
  occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  attempts: integer('attempts').notNull(),
  lastError: text('last_error'),
});

export const inbox = pgTable(
  'platform_inbox',
  {
    consumer: text('consumer').notNull(),
    eventId: uuid('event_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
);

export const deadLetters = pgTable('platform_dead_letters', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  consumer: text('consumer').notNull(),
  eventId: uuid('event_id').notNull(),
  type: text('type').notNull(),
  payload: jsonb('payload').notNull(),
  error: text('error').notNull(),
});

export interface OutboxRow extends DomainEvent {
  seq: number;
  attempts: number;
}

export async function appendToOutbox(tx: Sql, events: NewEvent[]): Promise<DomainEvent[]> {
  if (events.length === 0) return [];
  const rows = await tx
    .insert(outbox)
    .values(
      events.map((event) => ({
        eventId: crypto.randomUUID(),
        type: event.type,
        payload: event.payload,
        actorId: event.actorId ?? null,
        regionId: event.regionId ?? null,
        occurredAt: new Date(),
        attempts: 0,
      })),
    )
    .returning();
  return rows.map(toEvent);
}

/**
 * The oldest unpublished events, leaving out `skip` (a pipelined relay's events in flight: a
 * cursor on seq would miss an event whose transaction took its seq early and committed late).
 */
export async function readUnpublished(
  db: Sql,
  limit: number,
  skip: number[] = [],
): Promise<OutboxRow[]> {
  const rows = await db
    .select()
    .from(outbox)
    .where(
      skip.length > 0
        ? and(isNull(outbox.publishedAt), sql`${outbox.seq} <> ALL(${sql.param(skip)}::bigint[])`)
        : isNull(outbox.publishedAt),
    )
    .orderBy(asc(outbox.seq))
    .limit(limit);
  return rows.map((row) => ({ ...toEvent(row), seq: row.seq, attempts: row.attempts }));
}

export async function markPublished(db: Sql, seqs: number[]): Promise<void> {
  if (seqs.length === 0) return;
  await db
    .update(outbox)
    .set({ publishedAt: new Date() })
    .where(and(inArray(outbox.seq, seqs), isNull(outbox.publishedAt)));
}

export async function recordAttemptFailure(db: Sql, seq: number, error: string): Promise<void> {
  await db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, lastError: error.slice(0, 2000) })
    .where(eq(outbox.seq, seq));
}

export async function countUnpublished(db: Sql): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(outbox)
    .where(isNull(outbox.publishedAt));
  return row?.n ?? 0;
}

/** Records that `consumer` handled `eventId`; false when it already had (a redelivery). */
export async function claimInbox(tx: Sql, consumer: string, eventId: string): Promise<boolean> {
  const rows = await tx
    .insert(inbox)
    .values({ consumer, eventId })
    .onConflictDoNothing()
    .returning({ eventId: inbox.eventId });
  return rows.length > 0;
}

/**
 * Records that `consumer` handled each of `eventIds`, in one statement; returns the ids it
 * had not handled before (the rest are redeliveries).
 */
export async function claimInboxBatch(
  tx: Sql,
  consumer: string,
  eventIds: string[],
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const result = (await tx.execute(sql`
    INSERT INTO platform_inbox (consumer, event_id)
    SELECT ${consumer}, id FROM unnest(${sql.param(eventIds)}::uuid[]) AS t(id)
    ON CONFLICT DO NOTHING
    RETURNING event_id AS "eventId"`)) as unknown as { rows: Array<{ eventId: string }> };
  return new Set(result.rows.map((row) => row.eventId));
}

export async function writeDeadLetter(
  tx: Sql,
  consumer: string,
  event: DomainEvent,
  error: string,
): Promise<void> {
  await tx
    .insert(deadLetters)
    .values({
      consumer,
      eventId: event.id,
      type: event.type,
      payload: event.payload,
      error: error.slice(0, 2000),
    })
    .onConflictDoNothing();
}

function toEvent(row: typeof outbox.$inferSelect): DomainEvent {
  return {
    id: row.eventId,
    type: row.type,
    payload: row.payload,
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    regionId: row.regionId,
  };
}
