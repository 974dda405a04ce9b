import type { Logger } from 'pino';
import { EmbeddedMqttBroker } from './embedded-broker.ts';
import { ExternalMqttIngest } from './external-ingest.ts';
import type { DeviceTokenCheck, TelemetrySink } from './ingest-types.ts';

export interface MqttIngestOptions {
  /** ONECITY_MQTT_URL: an external broker; null runs the embedded one. */
  url: string | null;
  /** ONECITY_MQTT_PORT for the embedded broker (0 picks a free port). */
  port: number;
  host: string;
  nodeId: string;
  /** The shared-subscription group ingest workers join on an external broker. */
  shareGroup?: string;
  sink: TelemetrySink;
  tokens: DeviceTokenCheck;
  log: Logger;
}

export type MqttIngest = EmbeddedMqttBroker | ExternalMqttIngest;

/** Starts device ingest over MQTT: the embedded broker by default, or workers on a broker. */
export function startMqttIngest(options: MqttIngestOptions): Promise<MqttIngest> {
  if (options.url) {
    return ExternalMqttIngest.start({
      url: options.url,
      sink: options.sink,
      log: options.log,
      nodeId: options.nodeId,
      group: options.shareGroup,
    });
  }
  return EmbeddedMqttBroker.start({
    port: options.port,
    host: options.host,
    sink: options.sink,
    tokens: options.tokens,
    log: options.log,
  });
}
