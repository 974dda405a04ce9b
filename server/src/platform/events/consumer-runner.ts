import type { Logger } from 'pino';
import type { UnitOfWork, WriteContext } from '../unit-of-work.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { DomainEvent, EventConsumer } from './event.ts';
import { claimInbox, claimInboxBatch, writeDeadLetter } from './outbox.repository.ts';

export type DeliveryOutcome = 'handled' | 'duplicate' | 'dead-lettered';

/**
 * Runs a consumer's handler at most once per event: the inbox row and the handler's effects
 * commit in one transaction, so a redelivery (at-least-once bus, relay restart) is skipped.
 * After `maxAttempts` failures the event goes to the dead-letter table instead of blocking.
 */
export class ConsumerRunner {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    readonly maxAttempts = 5,
  ) {}

  /**
   * Delivers several events to one consumer in one transaction: their inbox rows in one
   * statement, the handler once per event not handled before, all committed together.
   * When a handler throws, the transaction is rolled back; the events before the failing
   * one go again (as a batch), and the failure counts as the failing event's attempt: below
   * `maxAttempts` it is thrown as `BatchItemFailure` (its index; the events before it are
   * handled), at the last attempt the event goes to the dead letters alone and the rest
   * follow. A transaction that fails otherwise (commit, inbox) is retried event by event
   * (`deliver`). A handler's effects outside the database may thus run twice, as they already
   * may on an at-least-once bus; its database effects commit exactly once.
   * `attemptOf(i)` is the attempt this is for event `i` (1 for a first delivery).
   */
  async deliverBatch(
    consumer: EventConsumer<WriteContext>,
    events: DomainEvent[],
    attemptOf: (index: number) => number,
  ): Promise<void> {
    let start = 0;
    while (start < events.length) {
      if (events.length - start === 1) {
        try {
          await this.deliver(consumer, events[start] as DomainEvent, attemptOf(start));
          return;
        } catch (error) {
          throw new BatchItemFailure(start, error);
        }
      }
      const slice = events.slice(start);
      let failedAt = -1;
      try {
        const handled = await this.uow.run(async (ctx) => {
          const fresh = await claimInboxBatch(
            ctx.sql,
            consumer.name,
            slice.map((event) => event.id),
          );
          for (let i = 0; i < slice.length; i++) {
            const event = slice[i] as DomainEvent;
            if (!fresh.has(event.id)) continue;
            try {
              await consumer.handle(event, ctx);
            } catch (error) {
              failedAt = i;
              throw error;
            }
          }
          return fresh.size;
        });
        this.count(consumer, 'handled', handled);
        this.count(consumer, 'duplicate', slice.length - handled);
        return;
      } catch (error) {
        if (failedAt < 0) {
          // Not a handler: one by one, so whatever it was meets each event alone.
          for (let i = start; i < events.length; i++) {
            try {
              await this.deliver(consumer, events[i] as DomainEvent, attemptOf(i));
            } catch (failure) {
              throw new BatchItemFailure(i, failure);
            }
          }
          return;
        }
        const failed = start + failedAt;
        if (failedAt > 0) {
          try {
            await this.deliverBatch(consumer, events.slice(start, failed), (i) =>
              attemptOf(start + i),
            );
          } catch (failure) {
            if (!(failure instanceof BatchItemFailure)) throw failure;
            throw new BatchItemFailure(start + failure.index, failure.cause);
          }
        }
        this.count(consumer, 'failed', 1);
        const attempt = attemptOf(failed);
        if (attempt < this.maxAttempts) throw new BatchItemFailure(failed, error);
        await this.deadLetter(consumer, events[failed] as DomainEvent, attempt, error);
        start = failed + 1;
      }
    }
  }

  async deliver(
    consumer: EventConsumer<WriteContext>,
    event: DomainEvent,
    attempt: number,
  ): Promise<DeliveryOutcome> {
    try {
      const handled = await this.uow.run(async (ctx) => {
        if (!(await claimInbox(ctx.sql, consumer.name, event.id))) return false;
        await consumer.handle(event, ctx);
        return true;
      });
      const outcome = handled ? 'handled' : 'duplicate';
      this.metrics.eventsHandled.inc({ consumer: consumer.name, outcome });
      return outcome;
    } catch (error) {
      this.count(consumer, 'failed', 1);
      if (attempt < this.maxAttempts) throw error;
      await this.deadLetter(consumer, event, attempt, error);
      return 'dead-lettered';
    }
  }

  private async deadLetter(
    consumer: EventConsumer<WriteContext>,
    event: DomainEvent,
    attempt: number,
    error: unknown,
  ): Promise<void> {
    const message = (error as Error)?.message ?? String(error);
    this.log.error(
      { consumer: consumer.name, eventId: event.id, type: event.type, attempt, err: message },
      'event handler failed for the last time; moved to dead letters',
    );
    await this.uow.run(async (ctx) => {
      await writeDeadLetter(ctx.sql, consumer.name, event, message);
      await claimInbox(ctx.sql, consumer.name, event.id);
    });
    this.count(consumer, 'dead-lettered', 1);
  }

  private count(consumer: EventConsumer<WriteContext>, outcome: string, n: number): void {
    if (n > 0) this.metrics.eventsHandled.inc({ consumer: consumer.name, outcome }, n);
  }
}

/** Thrown by `deliverBatch`: the event at `index` failed (those before it were handled). */
export class BatchItemFailure extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super((cause as Error)?.message ?? String(cause));
    this.name = 'BatchItemFailure';
  }
}

export function consumerWants(consumer: EventConsumer<WriteContext>, type: string): boolean {
  return consumer.types.includes(type) || consumer.types.includes('*');
}
