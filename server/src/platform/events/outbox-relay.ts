import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { DeliveryAborted, DeliveryFailure, type EventTransport } from './event-transport.ts';
import {
  countUnpublished,
  markPublished,
  readUnpublished,
  recordAttemptFailure,
  type OutboxRow,
} from './outbox.repository.ts';

export interface RelayOptions {
  batchSize?: number;
  /** How often the outbox is polled when nobody calls notify() (other nodes' writes). */
  pollIntervalMs?: number;
  /** Events handed to a pipelined transport and not yet handled by every consumer, at most. */
  maxInFlight?: number;
}

/**
 * Moves committed events from the outbox to the transport, oldest first. A batch is marked
 * published only after the transport accepted it; whatever happens in between (a crash, a
 * kill) leads to a redelivery that idempotent consumers skip.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxInFlight: number;
  private running: Promise<void> | null = null;
  private stopped = true;
  private wake: (() => void) | null = null;
  private pending = false;
  private backoffMs = 0;

  constructor(
    private readonly db: Database,
    private readonly transport: EventTransport,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    options: RelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.maxInFlight = options.maxInFlight ?? 10 * this.batchSize;
  }

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.transport.pipelined ? this.pipelinedLoop() : this.loop();
  }

  /** Called after a transaction that wrote events commits, so they go out at once. */
  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
    this.running = null;
  }

  /** Relays until the outbox is empty (CLI and tests); failures are thrown. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n === 0) return total;
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.pending = false;
      let relayed = 0;
      try {
        relayed = await this.relayBatch();
        this.backoffMs = 0;
      } catch (error) {
        this.backoffMs = Math.min(30_000, Math.max(200, this.backoffMs * 2));
        this.log.warn(
          { err: (error as Error).message, retryInMs: this.backoffMs },
          'relay pass failed',
        );
      }
      if (this.stopped) break;
      if (relayed === this.batchSize && this.backoffMs === 0) continue;
      if (this.pending && this.backoffMs === 0) continue;
      await this.sleep(this.backoffMs || this.pollIntervalMs);
    }
  }

  /**
   * For a transport whose consumers each keep their own pace: batches are read and handed
   * over as soon as they commit, while earlier ones are still being handled (up to
   * `maxInFlight` events); each is marked published once every consumer handled it. After a
   * failure the relay lets what is in flight settle, backs off, and starts over from the
   * oldest unpublished event (consumers' inboxes skip what they already handled).
   */
  private async pipelinedLoop(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    const inFlightSeqs = new Set<number>();
    let failed = false;
    while (!this.stopped) {
      if (failed) {
        await Promise.all(inFlight);
        failed = false;
        this.backoffMs = Math.min(30_000, Math.max(200, this.backoffMs * 2));
        if (this.stopped) break;
        await this.sleep(this.backoffMs);
        continue;
      }
      this.pending = false;
      let read = 0;
      if (inFlightSeqs.size < this.maxInFlight) {
        try {
          const batch = await readUnpublished(this.db.orm, this.batchSize, [...inFlightSeqs]);
          read = batch.length;
          if (batch.length > 0) {
            for (const event of batch) inFlightSeqs.add(event.seq);
            const settled: Promise<void> = this.settle(batch).then((ok) => {
              if (ok) this.backoffMs = 0;
              else failed = true;
              inFlight.delete(settled);
              for (const event of batch) inFlightSeqs.delete(event.seq);
              this.wake?.();
            });
            inFlight.add(settled);
          } else if (inFlight.size === 0) {
            this.metrics.outboxBacklog.set(0);
          }
        } catch (error) {
          failed = true;
          this.log.warn({ err: (error as Error).message }, 'relay read failed');
        }
      }
      if (failed) continue;
      this.metrics.outboxBacklog.set(inFlightSeqs.size);
      if (this.stopped) break;
      if (read === this.batchSize && inFlightSeqs.size < this.maxInFlight) continue;
      if (this.pending) continue;
      // Woken by a commit (notify), by a batch settling, or the poll for other nodes' events.
      await this.sleep(this.pollIntervalMs);
    }
    await Promise.all(inFlight);
  }

  /** Hands a batch to the transport and marks what every consumer handled; false on failure. */
  private async settle(batch: OutboxRow[]): Promise<boolean> {
    try {
      await this.transport.publish(batch);
      await markPublished(
        this.db.orm,
        batch.map((event) => event.seq),
      );
      for (const event of batch) this.metrics.eventsPublished.inc({ type: event.type });
      return true;
    } catch (error) {
      try {
        if (error instanceof DeliveryFailure) {
          const delivered = batch.filter((e) => e.seq < error.seq).map((e) => e.seq);
          await markPublished(this.db.orm, delivered);
          await recordAttemptFailure(
            this.db.orm,
            error.seq,
            String((error.cause as Error)?.message),
          );
          this.log.warn({ err: error.message }, 'relay pass failed');
        } else if (!(error instanceof DeliveryAborted)) {
          this.log.warn({ err: (error as Error).message }, 'relay pass failed');
        }
      } catch (bookkeeping) {
        this.log.warn({ err: (bookkeeping as Error).message }, 'relay bookkeeping failed');
      }
      return false;
    }
  }

  private async relayBatch(): Promise<number> {
    const batch = await readUnpublished(this.db.orm, this.batchSize);
    if (batch.length === 0) {
      this.metrics.outboxBacklog.set(0);
      return 0;
    }
    try {
      await this.transport.publish(batch);
    } catch (error) {
      if (!(error instanceof DeliveryFailure)) throw error;
      const delivered = batch.filter((event) => event.seq < error.seq).map((event) => event.seq);
      await markPublished(this.db.orm, delivered);
      await recordAttemptFailure(this.db.orm, error.seq, String((error.cause as Error)?.message));
      throw error;
    }
    await markPublished(
      this.db.orm,
      batch.map((event) => event.seq),
    );
    for (const event of batch) this.metrics.eventsPublished.inc({ type: event.type });
    if (batch.length === this.batchSize) {
      this.metrics.outboxBacklog.set(await countUnpublished(this.db.orm));
    } else {
      this.metrics.outboxBacklog.set(0);
    }
    return batch.length;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
