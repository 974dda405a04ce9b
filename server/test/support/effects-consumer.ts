import { sql } from 'drizzle-orm';
import type { EventConsumer } from '../../src/platform/events/event.ts';
import type { WriteContext } from '../../src/platform/unit-of-work.ts';

export const effectsTableSql = `CREATE TABLE IF NOT EXISTS test_effects (
  event_id uuid NOT NULL,
  n integer NOT NULL,
  handled_at timestamptz NOT NULL DEFAULT now()
)`;

/** Writes a row per handled event (no unique key: a double handling would show as two rows). */
export function effectsConsumer(delayMs = 0): EventConsumer<WriteContext> {
  return {
    name: 'test.effects',
    types: ['test.thing.happened'],
    async handle(event, ctx) {
      const { n } = event.payload as { n: number };
      await ctx.sql.execute(sql`INSERT INTO test_effects (event_id, n) VALUES (${event.id}, ${n})`);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    },
  };
}
