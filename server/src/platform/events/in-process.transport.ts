import type { WriteContext } from '../unit-of-work.ts';
import { consumerWants, type ConsumerRunner } from './consumer-runner.ts';
import type { EventConsumer } from './event.ts';
import { DeliveryFailure, type EventTransport } from './event-transport.ts';
import type { OutboxRow } from './outbox.repository.ts';

/** The embedded profile's bus: the relay hands each event straight to this process's consumers. */
export class InProcessTransport implements EventTransport {
  readonly name = 'in-process' as const;
  private consumers: EventConsumer<WriteContext>[] = [];
  private runner: ConsumerRunner | null = null;

  async start(consumers: EventConsumer<WriteContext>[], runner: ConsumerRunner): Promise<void> {
    this.consumers = consumers;
    this.runner = runner;
  }

  async publish(events: OutboxRow[]): Promise<void> {
    const runner = this.runner;
    if (!runner) throw new Error('in-process transport used before start()');
    for (const event of events) {
      for (const consumer of this.consumers) {
        if (!consumerWants(consumer, event.type)) continue;
        try {
          await runner.deliver(consumer, event, event.attempts + 1);
        } catch (error) {
          throw new DeliveryFailure(event.seq, error);
        }
      }
    }
  }

  async stop(): Promise<void> {
    this.runner = null;
  }
}
