import type { WriteContext } from '../unit-of-work.ts';
import type { ConsumerRunner } from './consumer-runner.ts';
import type { EventConsumer } from './event.ts';
import type { OutboxRow } from './outbox.repository.ts';

/**
 * Where relayed events go. `publish` resolves only once the events are safe: handled by every
 * local consumer (in-process) or stored by the broker (JetStream). The relay marks them
 * published after that, so a crash in between means a redelivery, never a loss.
 */
export interface EventTransport {
  readonly name: 'in-process' | 'jetstream';
  /**
   * The relay may publish the next batch before the previous one resolved (each consumer
   * still sees events in order); otherwise it publishes one batch at a time.
   */
  readonly pipelined?: boolean;
  start(consumers: EventConsumer<WriteContext>[], runner: ConsumerRunner): Promise<void>;
  publish(events: OutboxRow[]): Promise<void>;
  stop(): Promise<void>;
}

/** Thrown by a transport when one event of a batch could not be delivered yet. */
export class DeliveryFailure extends Error {
  constructor(
    readonly seq: number,
    override readonly cause: unknown,
  ) {
    super(`delivery of outbox event #${seq} failed: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'DeliveryFailure';
  }
}

/**
 * Thrown by a pipelined transport for a batch that a consumer dropped because it failed on
 * an earlier event: nothing of it counts as delivered, the relay sends it again.
 */
export class DeliveryAborted extends Error {
  constructor(consumer: string) {
    super(`consumer ${consumer} failed on an earlier event; delivery starts over from there`);
    this.name = 'DeliveryAborted';
  }
}
