import type { IngestMessage } from '../telemetry-ingest.service.ts';
import type { ThingModel } from '../thing-model.ts';
import { DeviceSignal } from './device-signals.ts';
import type { SimulatedDevice } from './telemetry-simulator.ts';

export interface HistoryOptions {
  fromMs: number;
  toMs: number;
  stepMs: number;
  /** The simulator's seed: the same seed continues the same signals. */
  seed?: number;
  receivedAt?: Date;
}

/**
 * The readings the devices would have sent between two instants, one message per device and
 * step, oldest first, as ThingsBoard telemetry for the ingest path (tokens and validation as
 * for any message; only the transport is skipped).
 */
export function historyMessages(
  devices: SimulatedDevice[],
  thingModels: Map<string, ThingModel>,
  options: HistoryOptions,
): IngestMessage[] {
  const receivedAt = options.receivedAt ?? new Date();
  const signals = devices.map(
    (d) => new DeviceSignal(d.name, d.productId, thingModels.get(d.productId), options.seed),
  );
  const messages: IngestMessage[] = [];
  for (let ts = options.fromMs; ts < options.toMs; ts += options.stepMs) {
    devices.forEach((device, i) => {
      const values = signals[i]?.values(ts) ?? {};
      messages.push({
        token: device.token,
        kind: 'telemetry',
        body: JSON.stringify({ ts, values }),
        receivedAt,
      });
    });
  }
  return messages;
}
