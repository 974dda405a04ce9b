import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { AppError } from '../../../platform/errors/app-error.ts';
import { ACK_DEFERRED, AckQueue, pubackPackets } from './ack-queue.ts';
import { LanedBatcher } from '../../../platform/batching/micro-batcher.ts';
import type { DeviceMessage, DeviceMessageOutcome, TelemetrySink } from './ingest-types.ts';
import { describeDbError } from '../../../platform/db/database.ts';

export interface ExternalIngestOptions {
  url: string;
  sink: TelemetrySink;
  log: Logger;
  /** Stable per node: the broker keeps this worker's unacknowledged messages across restarts. */
  nodeId: string;
  /** Parallel subscriber connections of this worker (each handles one message at a time). */
  connections?: number;
  group?: string;
  /** Batches in flight at once (each device's messages always in the same one). */
  lanes?: number;
}

export const DEFAULT_LANES = 3;

/** With an external broker, each device publishes under its own token (see docs/iot-mqtt.md). */
export const externalTopics = {
  telemetry: 'v1/devices/+/telemetry',
  attributes: 'v1/devices/+/attributes',
} as const;

/**
 * Ingest workers for an external broker (Mosquitto, EMQX). Every worker joins the shared
 * subscription group `$share/<group>/…`, so the broker splits device traffic across workers
 * and across each worker's connections. A QoS 1 message is acknowledged to the broker only
 * after it is stored; a worker that dies leaves its unacknowledged messages with the broker
 * (persistent session), which delivers them again.
 */
export class ExternalMqttIngest {
  private constructor(
    private readonly clients: MqttClient[],
    private readonly batcher: LanedBatcher<DeviceMessage, DeviceMessageOutcome>,
  ) {}

  static async start(options: ExternalIngestOptions): Promise<ExternalMqttIngest> {
    const group = options.group ?? 'onecity-ingest';
    // Lanes by device: batches of different devices commit side by side on the pool, one
    // device's messages stay in order, and the ingest writes in key order besides.
    const batcher = new LanedBatcher<DeviceMessage, DeviceMessageOutcome>(
      (messages) => options.sink.ingestBatch(messages),
      (message) => message.token,
      options.lanes ?? DEFAULT_LANES,
      { maxItems: 2000, maxDelayMs: 0 },
    );
    const count = options.connections ?? 16;
    const settled = await Promise.allSettled(
      Array.from({ length: count }, (_, i) => connectWorker(options, batcher, group, i)),
    );
    const clients = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await Promise.all(clients.map((c) => c.endAsync(true)));
      throw new AppError(
        'mqtt_unreachable',
        503,
        `Cannot subscribe at the MQTT broker ${options.url}: ${(failed.reason as Error).message}`,
      );
    }
    options.log.info(
      { url: options.url, connections: count, group },
      'ingesting from the external MQTT broker',
    );
    return new ExternalMqttIngest(clients, batcher);
  }

  async close(): Promise<void> {
    await this.batcher.drain();
    await Promise.all(this.clients.map((client) => client.endAsync()));
  }
}

/**
 * One subscriber connection. Its message handler is in place *before* it connects: a
 * persistent session delivers what the broker kept for it right after CONNACK, and mqtt.js's
 * default handler would acknowledge those messages without storing them.
 */
function connectWorker(
  options: ExternalIngestOptions,
  batcher: LanedBatcher<DeviceMessage, DeviceMessageOutcome>,
  group: string,
  index: number,
): Promise<MqttClient> {
  const client = mqtt.connect(options.url, {
    clientId: `onecity-ingest-${options.nodeId}-${index}`,
    clean: false,
    reconnectPeriod: 1000,
    connectTimeout: 5000,
    manualConnect: true,
  });
  // A QoS 1 message is acknowledged once stored (AckQueue), while the connection reads on.
  // A committed batch releases many PUBACKs at once: they leave in one write.
  let pubacks: number[] = [];
  const sendPubacks = () => {
    const ids = pubacks;
    pubacks = [];
    if (ids.length > 0 && client.connected) client.stream.write(pubackPackets(ids));
  };
  const acks = new AckQueue((messageId) => {
    if (pubacks.length === 0) process.nextTick(sendPubacks);
    pubacks.push(messageId);
  });
  client.on('close', () => {
    acks.reset();
    pubacks = [];
  });
  let dropping = false;
  const notStored = (error: unknown) => {
    // Not stored: no PUBACK; dropping the connection makes the broker resend.
    acks.reset();
    if (dropping) return;
    dropping = true;
    options.log.warn({ err: describeDbError(error) }, 'MQTT message not stored; reconnecting');
    client.end(true, () => {
      dropping = false;
      client.reconnect();
    });
  };
  client.handleMessage = (packet, callback) => {
    const match = /^v1\/devices\/([^/]+)\/(telemetry|attributes)$/.exec(packet.topic);
    if (!match?.[1]) return callback();
    const stored = batcher.add({
      token: match[1],
      kind: match[2] as DeviceMessage['kind'],
      body: packet.payload as Buffer,
      receivedAt: new Date(),
    });
    if (packet.qos !== 1 || packet.messageId === undefined) {
      // QoS 0 needs no PUBACK and QoS 2 keeps mqtt.js's handshake: both wait for storage.
      stored.then(() => callback(), notStored);
      return;
    }
    stored.then(acks.track(packet.messageId), notStored);
    callback(ACK_DEFERRED);
  };
  return new Promise<MqttClient>((resolve, reject) => {
    const fail = (error: Error) => {
      client.removeListener('connect', ready);
      client.end(true);
      reject(error);
    };
    const ready = () => {
      client.removeListener('error', fail);
      client
        .subscribeAsync(
          [
            `$share/${group}/${externalTopics.telemetry}`,
            `$share/${group}/${externalTopics.attributes}`,
          ],
          { qos: 1 },
        )
        .then(() => resolve(client), fail);
    };
    client.once('connect', ready);
    client.once('error', fail);
    client.connect();
  });
}
