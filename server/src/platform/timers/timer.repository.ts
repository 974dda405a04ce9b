import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { bigserial, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Sql } from '../db/database.ts';

export const timers = pgTable('platform_timers', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  kind: text('kind').notNull(),
  key: text('key').notNull(),
  dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }).notNull(),
  payload: jsonb('payload').notNull(),
  status: text('status', { enum: ['pending', 'fired', 'cancelled', 'failed'] }).notNull(),
  attempts: integer('attempts').notNull(),
  lastError: text('last_error'),
  firedAt: timestamp('fired_at', { withTimezone: true, mode: 'date' }),
  firedBy: text('fired_by'),
});

export interface NewTimer {
  kind: string;
  /** Unique per kind: scheduling the same key again moves the existing timer. */
  key: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
}

export type DueTimer = Pick<
  typeof timers.$inferSelect,
  'id' | 'kind' | 'key' | 'dueAt' | 'payload' | 'attempts'
>;

export class TimerRepository {
  async schedule(tx: Sql, timer: NewTimer): Promise<void> {
    await tx
      .insert(timers)
      .values({
        kind: timer.kind,
        key: timer.key,
        dueAt: timer.dueAt,
        payload: timer.payload ?? {},
        status: 'pending',
        attempts: 0,
      })
      .onConflictDoUpdate({
        target: [timers.kind, timers.key],
        set: {
          dueAt: timer.dueAt,
          payload: timer.payload ?? {},
          status: 'pending',
          attempts: 0,
          lastError: null,
          firedAt: null,
          firedBy: null,
        },
      });
  }

  async cancel(tx: Sql, kind: string, key: string): Promise<void> {
    await tx
      .update(timers)
      .set({ status: 'cancelled' })
      .where(and(eq(timers.kind, kind), eq(timers.key, key), eq(timers.status, 'pending')));
  }

  /**
   * Locks one due timer of the given kinds; rows other nodes hold are skipped, so with
   * several nodes each timer goes to exactly one of them. Uses the database's clock.
   */
  async lockNextDue(tx: Sql, kinds: string[]): Promise<DueTimer | undefined> {
    const [row] = await tx
      .select({
        id: timers.id,
        kind: timers.kind,
        key: timers.key,
        dueAt: timers.dueAt,
        payload: timers.payload,
        attempts: timers.attempts,
      })
      .from(timers)
      .where(
        and(
          eq(timers.status, 'pending'),
          lte(timers.dueAt, sql`now()`),
          inArray(timers.kind, kinds),
        ),
      )
      .orderBy(asc(timers.dueAt), asc(timers.id))
      .limit(1)
      .for('update', { skipLocked: true });
    return row;
  }

  async markFired(tx: Sql, id: number, nodeId: string): Promise<void> {
    await tx
      .update(timers)
      .set({ status: 'fired', firedAt: sql`now()`, firedBy: nodeId })
      .where(eq(timers.id, id));
  }

  async recordFailure(tx: Sql, id: number, error: string, retryAt: Date | null): Promise<void> {
    await tx
      .update(timers)
      .set({
        attempts: sql`${timers.attempts} + 1`,
        lastError: error.slice(0, 2000),
        ...(retryAt ? { dueAt: retryAt } : { status: 'failed' as const }),
      })
      .where(eq(timers.id, id));
  }

  async find(db: Sql, kind: string, key: string) {
    const [row] = await db
      .select()
      .from(timers)
      .where(and(eq(timers.kind, kind), eq(timers.key, key)));
    return row;
  }
}
