import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { AppError } from '../errors/app-error.ts';
import type { WriteContext } from '../unit-of-work.ts';
import { consumerWants, type ConsumerRunner } from './consumer-runner.ts';
import type { DomainEvent, EventConsumer } from './event.ts';
import type { EventTransport } from './event-transport.ts';
import type { OutboxRow } from './outbox.repository.ts';

const SUBJECT_PREFIX = 'onecity.events.';

export interface JetStreamOptions {
  url: string;
  /** Stream name; tests use their own so that runs do not see each other's events. */
  stream?: string;
  /** Seconds JetStream remembers message ids to drop duplicates from a relay that restarted. */
  duplicateWindowSeconds?: number;
  /** Seconds before an unacknowledged delivery (a consumer that died) is redelivered. */
  ackWaitSeconds?: number;
}

/**
 * The production bus. The relay publishes each event with its id as `Nats-Msg-Id`, so a
 * relay that crashed after publishing and publishes again is deduplicated by the server;
 * every consumer is a durable pull consumer that acks only after its transaction committed.
 */
export class JetStreamTransport implements EventTransport {
  readonly name = 'jetstream' as const;
  private readonly stream: string;
  private readonly subscriptions: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly log: Logger,
    private readonly options: JetStreamOptions,
  ) {
    this.stream = options.stream ?? 'ONECITY_EVENTS';
  }

  static async connect(options: JetStreamOptions, log: Logger): Promise<JetStreamTransport> {
    let nc: NatsConnection;
    try {
      nc = await connect({ servers: options.url, name: 'onecity', timeout: 5000 });
    } catch (error) {
      throw new AppError(
        'nats_unreachable',
        503,
        `Cannot connect to NATS at ${options.url}: ${(error as Error).message}`,
      );
    }
    const jsm = await jetstreamManager(nc);
    const transport = new JetStreamTransport(nc, jetstream(nc), jsm, log, options);
    await transport.ensureStream();
    return transport;
  }

  private subjectPrefix(): string {
    return `${SUBJECT_PREFIX}${this.stream.toLowerCase()}.`;
  }

  private async ensureStream(): Promise<void> {
    const config = {
      name: this.stream,
      subjects: [`${this.subjectPrefix()}>`],
      duplicate_window: (this.options.duplicateWindowSeconds ?? 120) * 1_000_000_000,
    };
    try {
      await this.jsm.streams.info(this.stream);
      await this.jsm.streams.update(this.stream, config);
    } catch {
      await this.jsm.streams.add(config);
    }
  }

  async start(consumers: EventConsumer<WriteContext>[], runner: ConsumerRunner): Promise<void> {
    for (const consumer of consumers) {
      const durable = consumer.name.replace(/[^A-Za-z0-9_-]/g, '_');
      const only = consumer.types.length === 1 && consumer.types[0] !== '*';
      const filter = only
        ? `${this.subjectPrefix()}${consumer.types[0]}`
        : `${this.subjectPrefix()}>`;
      const ackWait = (this.options.ackWaitSeconds ?? 30) * 1_000_000_000;
      try {
        await this.jsm.consumers.info(this.stream, durable);
        await this.jsm.consumers.update(this.stream, durable, {
          filter_subject: filter,
          ack_wait: ackWait,
        });
      } catch {
        await this.jsm.consumers.add(this.stream, {
          durable_name: durable,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
          filter_subject: filter,
          max_deliver: -1,
          ack_wait: ackWait,
        });
      }
      const messages = await (
        await this.js.consumers.get(this.stream, durable)
      ).consume({
        max_messages: 256,
      });
      this.subscriptions.push(messages);
      this.loops.push(this.consumeLoop(consumer, runner, messages));
    }
  }

  private async consumeLoop(
    consumer: EventConsumer<WriteContext>,
    runner: ConsumerRunner,
    messages: ConsumerMessages,
  ): Promise<void> {
    for await (const message of messages) {
      let event: DomainEvent;
      try {
        event = message.json<DomainEvent>();
      } catch {
        this.log.error({ consumer: consumer.name, seq: message.seq }, 'unreadable event dropped');
        message.term();
        continue;
      }
      if (!consumerWants(consumer, event.type)) {
        message.ack();
        continue;
      }
      try {
        await runner.deliver(consumer, event, message.info.deliveryCount);
        message.ack();
      } catch (error) {
        const delayMs = Math.min(30_000, 200 * 2 ** message.info.deliveryCount);
        this.log.warn(
          { consumer: consumer.name, eventId: event.id, err: (error as Error).message, delayMs },
          'event handler failed; will be redelivered',
        );
        message.nak(delayMs);
      }
    }
  }

  async publish(events: OutboxRow[]): Promise<void> {
    await Promise.all(
      events.map((event) => {
        const body: DomainEvent = {
          id: event.id,
          type: event.type,
          payload: event.payload,
          occurredAt: event.occurredAt,
          actorId: event.actorId,
          regionId: event.regionId,
        };
        return this.js.publish(`${this.subjectPrefix()}${event.type}`, JSON.stringify(body), {
          msgID: event.id,
        });
      }),
    );
  }

  async stop(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.stop();
    await Promise.allSettled(this.loops);
    await this.nc.drain().catch(() => undefined);
  }

  /** Removes the stream (tests clean up after themselves). */
  async destroyStream(): Promise<void> {
    await this.jsm.streams.delete(this.stream).catch(() => undefined);
  }
}
