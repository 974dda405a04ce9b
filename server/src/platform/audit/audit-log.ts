import crypto from 'node:crypto';
import { asc, eq, gt, sql } from 'drizzle-orm';
import { bigint, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Sql } from '../db/database.ts';

export const auditLog = pgTable('platform_audit_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  actorId: text('actor_id').notNull(),
  actorName: text('actor_name').notNull(),
  action: text('action').notNull(),
  targetType: text('target_type').notNull(),
  targetId: text('target_id').notNull(),
  regionId: text('region_id'),
  details: jsonb('details').notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

export const auditHead = pgTable('platform_audit_head', {
  id: integer('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

export interface AuditInput {
  actor: { id: string; name: string };
  /** `module.verb`, e.g. `regions.rename`. */
  action: string;
  target: { type: string; id: string };
  regionId?: string | null;
  details?: Record<string, unknown>;
}

export type AuditEntry = typeof auditLog.$inferSelect;

export interface AuditProblem {
  seq: number;
  kind: 'edited' | 'inserted' | 'deleted' | 'reordered' | 'head-mismatch';
  detail: string;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  problems: AuditProblem[];
}

/**
 * The audit log is a hash chain: each row's hash covers its content and the previous row's
 * hash, and a head row records the last seq and hash. Editing, inserting or deleting a row —
 * or cutting the tail — breaks the chain where it happened. With ONECITY_AUDIT_KEY set the
 * hashes are HMACs, so someone with only database access cannot forge a consistent chain.
 */
export class AuditLog {
  constructor(private readonly key: string | null) {}

  async append(tx: Sql, input: AuditInput): Promise<void> {
    // Locking the head row serializes appenders on PostgreSQL; the chain stays linear.
    const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for('update');
    if (!head) throw new Error('audit head row missing: migrations incomplete');
    const row = {
      seq: head.seq + 1,
      at: new Date(),
      actorId: input.actor.id,
      actorName: input.actor.name,
      action: input.action,
      targetType: input.target.type,
      targetId: input.target.id,
      regionId: input.regionId ?? null,
      details: input.details ?? {},
      prevHash: head.hash,
    };
    const hash = this.hashOf(row);
    await tx.insert(auditLog).values({ ...row, hash });
    await tx.update(auditHead).set({ seq: row.seq, hash }).where(eq(auditHead.id, 1));
  }

  async list(
    db: Sql,
    filter: { targetType?: string; targetId?: string; limit: number; offset: number },
  ): Promise<{ items: AuditEntry[]; total: number }> {
    const conditions = [];
    if (filter.targetType) conditions.push(eq(auditLog.targetType, filter.targetType));
    if (filter.targetId) conditions.push(eq(auditLog.targetId, filter.targetId));
    const where = conditions.length ? sql.join(conditions, sql` AND `) : undefined;
    const items = await db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(sql`${auditLog.seq} DESC`)
      .limit(filter.limit)
      .offset(filter.offset);
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(where);
    return { items, total: count?.n ?? 0 };
  }

  /** Walks the whole chain in seq order, in pages, and reports every break. */
  async verify(db: Sql, pageSize = 5000): Promise<AuditVerification> {
    const problems: AuditProblem[] = [];
    let expectedSeq = 1;
    let prevHash = 'genesis';
    let lastSeq = 0;
    let checked = 0;
    for (;;) {
      const page = await db
        .select()
        .from(auditLog)
        .where(gt(auditLog.seq, lastSeq))
        .orderBy(asc(auditLog.seq))
        .limit(pageSize);
      if (page.length === 0) break;
      for (const row of page) {
        checked += 1;
        if (row.seq > expectedSeq) {
          problems.push({
            seq: expectedSeq,
            kind: 'deleted',
            detail: `rows ${expectedSeq}..${row.seq - 1} are missing`,
          });
        }
        const recomputed = this.hashOf(row);
        if (recomputed !== row.hash) {
          problems.push({
            seq: row.seq,
            kind: 'edited',
            detail: 'content does not match its hash',
          });
        } else if (row.prevHash !== prevHash && row.seq === expectedSeq) {
          // The row is intact but does not follow the row before it: a row was slipped in.
          problems.push({ seq: row.seq, kind: 'inserted', detail: 'previous-hash link is broken' });
        }
        prevHash = row.hash;
        expectedSeq = row.seq + 1;
        lastSeq = row.seq;
      }
    }
    const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
    if (!head || head.seq !== lastSeq || head.hash !== prevHash) {
      problems.push({
        seq: head?.seq ?? 0,
        kind: 'head-mismatch',
        detail: `head says seq ${head?.seq ?? 'none'} but the chain ends at ${lastSeq}: rows were removed from the end or the head was edited`,
      });
    }
    return { ok: problems.length === 0, checked, problems };
  }

  private hashOf(row: Omit<AuditEntry, 'hash'>): string {
    const content = canonicalJson({
      seq: row.seq,
      at: row.at.toISOString(),
      actorId: row.actorId,
      actorName: row.actorName,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      regionId: row.regionId,
      details: row.details,
      prevHash: row.prevHash,
    });
    return this.key
      ? crypto.createHmac('sha256', this.key).update(content).digest('hex')
      : crypto.createHash('sha256').update(content).digest('hex');
  }
}

/** JSON with object keys sorted at every depth: jsonb does not keep key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
