import type { Logger } from 'pino';
import type { UnitOfWork, WriteContext } from '../unit-of-work.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { DomainEvent, EventConsumer } from './event.ts';
import { claimInbox, writeDeadLetter } from './outbox.repository.ts';

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
      const message = (error as Error).message;
      this.metrics.eventsHandled.inc({ consumer: consumer.name, outcome: 'failed' });
      if (attempt < this.maxAttempts) throw error;
      this.log.error(
        { consumer: consumer.name, eventId: event.id, type: event.type, attempt, err: message },
        'event handler failed for the last time; moved to dead letters',
      );
      await this.uow.run(async (ctx) => {
        await writeDeadLetter(ctx.sql, consumer.name, event, message);
        await claimInbox(ctx.sql, consumer.name, event.id);
      });
      this.metrics.eventsHandled.inc({ consumer: consumer.name, outcome: 'dead-lettered' });
      return 'dead-lettered';
    }
  }
}

export function consumerWants(consumer: EventConsumer<WriteContext>, type: string): boolean {
  return consumer.types.includes(type) || consumer.types.includes('*');
}
