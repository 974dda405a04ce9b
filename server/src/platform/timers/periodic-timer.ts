import type { Database } from '../db/database.ts';
import type { DueTimer, TimerRepository } from './timer.repository.ts';
import type { UnitOfWork, WriteContext } from '../unit-of-work.ts';

/**
 * A durable timer that fires again and again. The scheduler marks the row it fired as
 * fired after the handler ran, so the next occurrence goes to the other of two keys
 * ("a", "b"): the chain survives restarts and, with several nodes, fires on one of them.
 */
export class PeriodicTimer {
  constructor(
    readonly kind: string,
    readonly everyMs: number,
  ) {}

  /** Starts the chain unless one of its two timers is pending already. */
  async ensure(db: Database, uow: UnitOfWork, timers: TimerRepository, firstDue: Date) {
    const a = await timers.find(db.orm, this.kind, 'a');
    const b = await timers.find(db.orm, this.kind, 'b');
    if (a?.status === 'pending' || b?.status === 'pending') return;
    await uow.run((ctx) => ctx.schedule({ kind: this.kind, key: 'a', dueAt: firstDue }));
  }

  /** Schedules the next occurrence from inside the firing transaction. */
  async next(ctx: WriteContext, fired: DueTimer, dueAt = new Date(Date.now() + this.everyMs)) {
    await ctx.schedule({ kind: this.kind, key: fired.key === 'a' ? 'b' : 'a', dueAt });
  }
}
