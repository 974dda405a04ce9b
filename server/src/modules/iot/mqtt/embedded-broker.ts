import net from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import type { Logger } from 'pino';
import { AppError } from '../../../platform/errors/app-error.ts';
import { MicroBatcher } from '../../../platform/batching/micro-batcher.ts';
import {
  kindOfTopic,
  type DeviceMessage,
  type DeviceMessageOutcome,
  type DeviceTokenCheck,
  type TelemetrySink,
} from './ingest-types.ts';
import { TokenBuckets } from './token-bucket.ts';
import { describeDbError } from '../../../platform/db/database.ts';

export interface EmbeddedBrokerOptions {
  port: number;
  host: string;
  sink: TelemetrySink;
  tokens: DeviceTokenCheck;
  log: Logger;
  /** Per-device average messages per second and burst. */
  rateLimit?: { perSecond: number; burst: number };
  batch?: { maxItems?: number; maxDelayMs?: number; concurrency?: number };
}

export interface BrokerCounters {
  connected: number;
  accepted: number;
  rejected: number;
  /** Messages past the device's burst that waited their turn (then stored as usual). */
  throttled: number;
  /** Messages refused because the device was more than MAX_THROTTLE_MS ahead of its rate. */
  refused: number;
  refusedConnections: number;
}

/** The longest a message past its device's rate waits; beyond it the message is refused. */
export const MAX_THROTTLE_MS = 30_000;

/**
 * The embedded profile's MQTT broker (Aedes) on ONECITY_MQTT_PORT. Devices connect with
 * their access token as username and publish to ThingsBoard's topics. A QoS 1 PUBLISH is
 * acknowledged only after the batch holding it committed (Aedes sends PUBACK after
 * `authorizePublish` calls back), so an acknowledged reading is never lost.
 */
export class EmbeddedMqttBroker {
  readonly counters: BrokerCounters = {
    connected: 0,
    accepted: 0,
    rejected: 0,
    throttled: 0,
    refused: 0,
    refusedConnections: 0,
  };
  private readonly tokenOf = new WeakMap<Client, string>();

  private constructor(
    private readonly broker: Aedes,
    private readonly server: net.Server,
    private readonly batcher: MicroBatcher<DeviceMessage, DeviceMessageOutcome>,
    readonly port: number,
  ) {}

  static async start(options: EmbeddedBrokerOptions): Promise<EmbeddedMqttBroker> {
    const { log } = options;
    const batcher = new MicroBatcher<DeviceMessage, DeviceMessageOutcome>(
      (messages) => options.sink.ingestBatch(messages),
      { maxItems: 2000, maxDelayMs: 5, concurrency: 2, ...options.batch },
    );
    const limits = new TokenBuckets(
      options.rateLimit?.perSecond ?? 50,
      options.rateLimit?.burst ?? 200,
    );
    let self: EmbeddedMqttBroker | null = null;
    const counters = () => self?.counters;

    const broker = await Aedes.createBroker({
      authenticate(client, username, _password, done) {
        const token = username ?? '';
        options.tokens.isKnownToken(token).then(
          (known) => {
            if (known) {
              self?.tokenOf.set(client, token);
              return done(null, true);
            }
            const c = counters();
            if (c) c.refusedConnections += 1;
            const error = new Error('unknown device token') as AuthenticateError;
            error.returnCode = 4;
            done(error, false);
          },
          (error: unknown) => {
            const failure = new Error((error as Error).message) as AuthenticateError;
            failure.returnCode = 3;
            done(failure, false);
          },
        );
      },
      authorizePublish(client, packet, done) {
        const kind = kindOfTopic(packet.topic);
        const token = client ? self?.tokenOf.get(client) : undefined;
        if (!kind || !token) return done(new Error(`publishing to ${packet.topic} is not allowed`));
        const c = counters();
        const wait = limits.reserve(token, Date.now(), MAX_THROTTLE_MS);
        if (wait === null) {
          // Far past its rate: refused, so the connection drops; the device sends again later
          // what was not acknowledged (QoS 1).
          if (c) c.refused += 1;
          return done(new Error('the device publishes far beyond its rate'));
        }
        const store = () =>
          batcher.add({ token, kind, body: packet.payload as Buffer, receivedAt: new Date() }).then(
            (outcome) => {
              if (outcome.status === 'unknown_device')
                return done(new Error('device no longer registered'));
              if (c) {
                if (outcome.status === 'stored') c.accepted += 1;
                else c.rejected += 1;
              }
              done(null);
            },
            (error: unknown) => {
              // Not stored: refuse, the connection drops and the device resends (QoS 1).
              log.warn({ err: describeDbError(error) }, 'MQTT message not stored');
              done(error as Error);
            },
          );
        if (wait === 0) return void store();
        // Past its burst: the message waits its turn (and Aedes reads no more of this
        // connection meanwhile), so the device is slowed, not dropped.
        if (c) c.throttled += 1;
        setTimeout(store, wait);
      },
      authorizeSubscribe(_client, subscription, done) {
        // Devices may only listen to their own downlink topics.
        if (subscription.topic.startsWith('v1/devices/me/')) return done(null, subscription);
        done(new Error(`subscribing to ${subscription.topic} is not allowed`));
      },
      // Telemetry is not relayed to other MQTT clients.
      authorizeForward: () => null,
    });
    broker.on('client', () => {
      const c = counters();
      if (c) c.connected += 1;
    });
    broker.on('clientDisconnect', () => {
      const c = counters();
      if (c) c.connected -= 1;
    });

    const server = net.createServer((socket) => broker.handle(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'EADDRINUSE'
            ? new AppError(
                'mqtt_port_in_use',
                503,
                `MQTT port ${options.port} is already in use (another broker such as Mosquitto?). Set ONECITY_MQTT_PORT to a free port, or ONECITY_MQTT_URL to use that broker.`,
              )
            : error,
        );
      });
      server.listen(options.port, options.host, () => resolve());
    });
    const port = (server.address() as net.AddressInfo).port;
    self = new EmbeddedMqttBroker(broker, server, batcher, port);
    log.info({ port }, `embedded MQTT broker listening on port ${port}`);
    return self;
  }

  /** Stops accepting connections, disconnects devices, finishes the batches in flight. */
  async close(): Promise<void> {
    const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await new Promise<void>((resolve) => this.broker.close(() => resolve()));
    await this.batcher.drain();
    await serverClosed;
  }
}
