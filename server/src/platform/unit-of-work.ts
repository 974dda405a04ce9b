import type { Database, Sql } from './db/database.ts';
import type { AuditInput, AuditLog } from './audit/audit-log.ts';
import type { NewEvent } from './events/event.ts';
import { appendToOutbox } from './events/outbox.repository.ts';
import type { NewTimer, TimerRepository } from './timers/timer.repository.ts';

/**
 * What a state change may do besides its own writes, all inside the same transaction:
 * announce events (outbox), append to the audit log, schedule durable timers.
 */
export interface WriteContext {
  readonly sql: Sql;
  emit(...events: NewEvent[]): Promise<void>;
  audit(entry: AuditInput): Promise<void>;
  schedule(timer: NewTimer): Promise<void>;
  cancelTimer(kind: string, key: string): Promise<void>;
}

export class UnitOfWork {
  constructor(
    private readonly db: Database,
    private readonly auditLog: AuditLog,
    private readonly timers: TimerRepository,
    private readonly afterEventsCommitted: () => void,
  ) {}

  /** Runs `work` in one transaction; events it emitted are relayed right after the commit. */
  async run<T>(work: (ctx: WriteContext) => Promise<T>): Promise<T> {
    let emitted = false;
    const result = await this.db.transaction((sql) =>
      work(
        this.contextFor(sql, () => {
          emitted = true;
        }),
      ),
    );
    if (emitted) this.afterEventsCommitted();
    return result;
  }

  private contextFor(sql: Sql, onEmit: () => void): WriteContext {
    return {
      sql,
      emit: async (...events) => {
        if (events.length === 0) return;
        await appendToOutbox(sql, events);
        onEmit();
      },
      audit: (entry) => this.auditLog.append(sql, entry),
      schedule: (timer) => this.timers.schedule(sql, timer),
      cancelTimer: (kind, key) => this.timers.cancel(sql, kind, key),
    };
  }
}
