import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { UnitOfWork, WriteContext } from '../unit-of-work.ts';
import type { DueTimer, TimerRepository } from './timer.repository.ts';

export interface TimerHandler {
  kind: string;
  /** Runs in the transaction that marks the timer fired: its writes and the mark commit together. */
  fire(timer: DueTimer, ctx: WriteContext): Promise<void>;
}

export interface SchedulerOptions {
  nodeId: string;
  pollIntervalMs?: number;
  maxAttempts?: number;
}

/**
 * Fires durable timers. Each timer fires inside one transaction that holds its row lock
 * (`FOR UPDATE SKIP LOCKED`), so the handler's effects and the "fired" mark are atomic and
 * no two nodes fire the same timer. Timers due while the platform was down fire at start.
 */
export class TimerScheduler {
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly pollIntervalMs: number;
  private readonly maxAttempts: number;
  private loopPromise: Promise<void> | null = null;
  private stopped = true;
  private sleeper: { timer: NodeJS.Timeout; resolve: () => void } | null = null;

  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly repository: TimerRepository,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly options: SchedulerOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  register(handler: TimerHandler): void {
    if (this.handlers.has(handler.kind))
      throw new Error(`timer kind ${handler.kind} registered twice`);
    this.handlers.set(handler.kind, handler);
  }

  start(): void {
    if (this.loopPromise) return;
    this.stopped = false;
    this.loopPromise = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sleeper) {
      clearTimeout(this.sleeper.timer);
      this.sleeper.resolve();
    }
    await this.loopPromise;
    this.loopPromise = null;
  }

  /** Fires every timer due now; returns how many fired (tests and the CLI call it directly). */
  async runDue(): Promise<number> {
    let fired = 0;
    while (!this.stopped || !this.loopPromise) {
      const outcome = await this.fireNext();
      if (outcome === 'none') break;
      if (outcome === 'fired') fired += 1;
    }
    return fired;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.runDue();
      } catch (error) {
        this.log.warn({ err: (error as Error).message }, 'timer pass failed');
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        this.sleeper = { timer: setTimeout(resolve, this.pollIntervalMs), resolve };
      });
      this.sleeper = null;
    }
  }

  private async fireNext(): Promise<'fired' | 'failed' | 'none'> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return 'none';
    let current: DueTimer | undefined;
    try {
      const fired = await this.uow.run(async (ctx) => {
        current = await this.repository.lockNextDue(ctx.sql, kinds);
        if (!current) return false;
        const handler = this.handlers.get(current.kind);
        if (!handler) return false;
        await handler.fire(current, ctx);
        await this.repository.markFired(ctx.sql, current.id, this.options.nodeId);
        return true;
      });
      if (!fired || !current) return 'none';
      this.metrics.timersFired.inc({ kind: current.kind, outcome: 'fired' });
      return 'fired';
    } catch (error) {
      if (!current) throw error;
      const failed = current;
      const message = (error as Error).message;
      const lastAttempt = failed.attempts + 1 >= this.maxAttempts;
      const retryAt = lastAttempt ? null : new Date(Date.now() + 1000 * 2 ** failed.attempts);
      this.log.warn(
        { kind: failed.kind, key: failed.key, attempt: failed.attempts + 1, err: message },
        lastAttempt ? 'timer failed for the last time' : 'timer failed; will retry',
      );
      await this.db.transaction((tx) =>
        this.repository.recordFailure(tx, failed.id, message, retryAt),
      );
      this.metrics.timersFired.inc({ kind: failed.kind, outcome: 'failed' });
      return 'failed';
    }
  }
}
