import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../src/platform/db/database.ts';
import type { DomainEvent } from '../../src/platform/events/event.ts';

/** Events of one type written to the outbox and matching `where`, oldest first, as consumers get them. */
export async function outboxEvents(db: Database, type: string, where: SQL): Promise<DomainEvent[]> {
  const rows = await db.rows<{
    event_id: string;
    type: string;
    payload: unknown;
    actor_id: string | null;
    region_id: string | null;
    occurred_at: Date | string;
  }>(
    sql`SELECT event_id, type, payload, actor_id, region_id, occurred_at FROM platform_outbox
        WHERE type = ${type} AND ${where} ORDER BY seq`,
  );
  return rows.map((r) => ({
    id: r.event_id,
    type: r.type,
    payload: r.payload,
    actorId: r.actor_id,
    regionId: r.region_id,
    occurredAt: new Date(r.occurred_at).toISOString(),
  }));
}
