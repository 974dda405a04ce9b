import type { WriteContext } from '../unit-of-work.ts';
import { BatchItemFailure, consumerWants, type ConsumerRunner } from './consumer-runner.ts';
import type { EventConsumer } from './event.ts';
import { DeliveryAborted, DeliveryFailure, type EventTransport } from './event-transport.ts';
import type { OutboxRow } from './outbox.repository.ts';

/** Events one consumer takes in one transaction at most. */
const MAX_EVENTS_PER_TRANSACTION = 500;

interface Waiter {
  firstSeq: number;
  lastSeq: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * One consumer's queue: it takes whatever has queued up (in relay order) in one transaction
 * (`deliverBatch`), independently of the other consumers, so a slow consumer (a case opened
 * per alert) does not hold back a fast one (the big screen, a pager). After a failure it
 * drops what it still had queued: the relay sends it all again, in order, from the failed
 * event on, and the inbox skips what was handled.
 */
class ConsumerLane {
  private queue: OutboxRow[] = [];
  private readonly waiters: Waiter[] = [];
  private running = false;
  /** The event it failed on: later events are refused until the relay starts over. */
  private failedAt: number | null = null;

  constructor(
    private readonly consumer: EventConsumer<WriteContext>,
    private readonly runner: ConsumerRunner,
  ) {}

  wants(type: string): boolean {
    return consumerWants(this.consumer, type);
  }

  /** Resolves when the consumer has handled `events` (in order, after those queued before). */
  enqueue(events: OutboxRow[]): Promise<void> {
    const firstSeq = (events[0] as OutboxRow).seq;
    if (this.failedAt !== null) {
      // Batches the relay read before it saw the failure: handling them now would pass the
      // failed event. The relay's next pass starts at or before it again.
      if (firstSeq > this.failedAt) return Promise.reject(new DeliveryAborted(this.consumer.name));
      this.failedAt = null;
    }
    const promise = new Promise<void>((resolve, reject) => {
      this.waiters.push({
        firstSeq,
        lastSeq: (events[events.length - 1] as OutboxRow).seq,
        resolve,
        reject,
      });
    });
    this.queue.push(...events);
    void this.run();
    return promise;
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_EVENTS_PER_TRANSACTION);
        try {
          await this.runner.deliverBatch(
            this.consumer,
            batch,
            (i) => (batch[i] as OutboxRow).attempts + 1,
          );
          this.settleThrough((batch[batch.length - 1] as OutboxRow).seq);
        } catch (error) {
          const index = error instanceof BatchItemFailure ? error.index : 0;
          const cause = error instanceof BatchItemFailure ? error.cause : error;
          const failedSeq = (batch[index] as OutboxRow).seq;
          this.queue = [];
          this.failedAt = failedSeq;
          this.settleThrough(failedSeq - 1);
          for (const waiter of this.waiters.splice(0)) {
            waiter.reject(
              waiter.firstSeq <= failedSeq
                ? new DeliveryFailure(failedSeq, cause)
                : new DeliveryAborted(this.consumer.name),
            );
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  private settleThrough(seq: number): void {
    while (this.waiters.length > 0 && (this.waiters[0] as Waiter).lastSeq <= seq) {
      (this.waiters.shift() as Waiter).resolve();
    }
  }
}

/**
 * The bus of a single process: the relay hands events to this process's consumers, each
 * through a lane of its own (one transaction per consumer for whatever queued up).
 * `publish` resolves once every consumer that wants any of the events has handled them; the
 * relay may publish the next batch before that (`pipelined`).
 */
export class InProcessTransport implements EventTransport {
  readonly name = 'in-process' as const;
  readonly pipelined = true;
  private lanes: ConsumerLane[] = [];
  private runner: ConsumerRunner | null = null;

  async start(consumers: EventConsumer<WriteContext>[], runner: ConsumerRunner): Promise<void> {
    this.runner = runner;
    this.lanes = consumers.map((consumer) => new ConsumerLane(consumer, runner));
  }

  /**
   * Rejects with the earliest `DeliveryFailure` when a consumer failed on one of these
   * events (everything before it reached every consumer), or `DeliveryAborted` when a
   * consumer dropped them after failing on an earlier batch.
   */
  async publish(events: OutboxRow[]): Promise<void> {
    if (!this.runner) throw new Error('in-process transport used before start()');
    const waits: Array<Promise<void>> = [];
    for (const lane of this.lanes) {
      const wanted = events.filter((event) => lane.wants(event.type));
      if (wanted.length > 0) waits.push(lane.enqueue(wanted));
    }
    const outcomes = await Promise.allSettled(waits);
    let failure: DeliveryFailure | null = null;
    let aborted: Error | null = null;
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') continue;
      const error = outcome.reason as Error;
      if (error instanceof DeliveryFailure) {
        if (!failure || error.seq < failure.seq) failure = error;
      } else aborted ??= error;
    }
    if (failure) throw failure;
    if (aborted) throw aborted;
  }

  async stop(): Promise<void> {
    this.runner = null;
  }
}
