/**
 * A fleet of simulated devices in a child process of the ingest benchmark: one MQTT
 * connection per device (its token is the username), QoS 1 ThingsBoard-style payloads with
 * the simulator's realistic values, over a lean raw-socket MQTT 3.1.1 client
 * (`lean-mqtt.ts`). Runs either closed-loop (`window` messages in flight per connection, the
 * next one sent when the PUBACK arrives) or paced at a fixed rate.
 *
 * Sentinel devices (billboards) alternate a reading that crosses the tilt threshold with a
 * normal one, and report when each crossing was published, so the parent can time the alert.
 */
import { LeanMqttDevice } from './lean-mqtt.ts';
import { DeviceSignal } from '../../src/modules/iot/simulator/device-signals.ts';
import type { ThingModel } from '../../src/modules/iot/thing-model.ts';

export interface FleetDevice {
  id: string;
  name: string;
  productId: string;
  token: string;
}

export interface PublisherJob {
  url: string;
  topic: 'me' | 'token';
  devices: FleetDevice[];
  sentinels: FleetDevice[];
  thingModels: Record<string, ThingModel>;
  /**
   * `window`: each connection keeps `window` messages in flight (closed loop on PUBACKs);
   * `rate`: `rate` messages per second; `credit`: up to the total the parent allows (it grants
   * credit as messages are stored, so a broker that acknowledges before storage is not flooded).
   */
  mode: 'window' | 'rate' | 'credit';
  window: number;
  rate: number;
  durationMs: number;
  /**
   * A sentinel crosses the threshold, waits until the parent saw the alert (or
   * `sentinelTimeoutMs`), goes back to normal, and starts again at most every period.
   */
  sentinelPeriodMs: number;
  sentinelTimeoutMs: number;
  clientPrefix: string;
}

export type ToParent =
  | { type: 'ready'; connected: number; failed: number; ms: number }
  | { type: 'stats'; sent: number; acked: number; errors: number }
  | { type: 'inject'; deviceId: string; at: number }
  | { type: 'done'; sent: number; acked: number; errors: number; ms: number };

export type ToChild =
  | { type: 'job'; job: PublisherJob }
  | { type: 'go' }
  | { type: 'credit'; upTo: number }
  | { type: 'alerted'; deviceId: string }
  | { type: 'exit' };

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const wallClock = () => performance.timeOrigin + performance.now();

const send = (message: ToParent) => process.send?.(message);

async function connectAll(job: PublisherJob, devices: FleetDevice[]) {
  const clients: Array<LeanMqttDevice | null> = new Array(devices.length).fill(null);
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < devices.length) {
      const i = next++;
      const device = devices[i] as FleetDevice;
      try {
        clients[i] = await LeanMqttDevice.connect(job.url, {
          username: device.token,
          clientId: `${job.clientPrefix}-${device.id}`,
          timeoutMs: 30_000,
        });
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  return { clients, failed };
}

async function run(job: PublisherJob): Promise<void> {
  const started = wallClock();
  const all = [...job.devices, ...job.sentinels];
  const { clients, failed } = await connectAll(job, all);
  const loadClients = clients.slice(0, job.devices.length);
  const sentinelClients = clients.slice(job.devices.length);
  const signals = all.map(
    (d) => new DeviceSignal(d.name, d.productId, job.thingModels[d.productId], 1),
  );
  const lastTs = new Float64Array(all.length);
  send({
    type: 'ready',
    connected: clients.filter(Boolean).length,
    failed,
    ms: wallClock() - started,
  });
  await new Promise<void>((resolve) => {
    process.on('message', (m: ToChild) => {
      if (m.type === 'go') resolve();
    });
  });

  const stats = { sent: 0, acked: 0, errors: 0 };
  const t0 = wallClock();
  const end = t0 + job.durationMs;
  const topicOf = (d: FleetDevice) =>
    job.topic === 'me' ? 'v1/devices/me/telemetry' : `v1/devices/${d.token}/telemetry`;
  // Readings are keyed by (device, key, ts): a device never stamps two messages alike.
  const stamp = (i: number) => {
    const ts = Math.max(Date.now(), (lastTs[i] as number) + 1);
    lastTs[i] = ts;
    return ts;
  };
  const payload = (i: number, override?: Record<string, number>) => {
    const ts = stamp(i);
    const values = (signals[i] as DeviceSignal).values(ts);
    return JSON.stringify({ ts, values: override ? { ...values, ...override } : values });
  };

  let finishLoad: () => void = () => undefined;
  const loadDone = new Promise<void>((resolve) => (finishLoad = resolve));
  let outstanding = 0;
  const maybeFinish = () => {
    if (outstanding === 0 && wallClock() >= end) finishLoad();
  };
  const publish = (i: number, onAck?: () => void) => {
    const client = loadClients[i];
    if (!client) return;
    const device = job.devices[i] as FleetDevice;
    stats.sent += 1;
    outstanding += 1;
    client.publish(topicOf(device), payload(i), (error) => {
      outstanding -= 1;
      if (error) stats.errors += 1;
      else stats.acked += 1;
      if (onAck && wallClock() < end) onAck();
      else maybeFinish();
    });
  };

  let credit = 0;
  const alerted = new Map<string, () => void>();
  process.on('message', (m: ToChild) => {
    if (m.type === 'credit') credit = m.upTo;
    if (m.type === 'alerted') alerted.get(m.deviceId)?.();
  });
  if (job.mode === 'window') {
    // Closed loop: each connection keeps `window` messages in flight.
    for (let i = 0; i < job.devices.length; i++) {
      const again = () => publish(i, again);
      for (let w = 0; w < job.window; w++) again();
    }
  } else {
    const rate = job.rate;
    let cursor = 0;
    let skipped = 0;
    const timer = setInterval(() => {
      const now = wallClock();
      if (now >= end) {
        clearInterval(timer);
        maybeFinish();
        return;
      }
      const due =
        job.mode === 'rate'
          ? Math.floor(((now - t0) / 1000) * rate) - stats.sent
          : credit - stats.sent;
      for (let k = 0; k < due; k++) {
        // A device whose connection failed is skipped, not counted as sent.
        while (!loadClients[cursor % job.devices.length] && skipped < job.devices.length) {
          cursor += 1;
          skipped += 1;
        }
        skipped = 0;
        publish(cursor % job.devices.length);
        cursor += 1;
      }
    }, 5);
  }

  // Sentinels: cross the threshold, go back to normal half a period later, repeat.
  const sentinelsDone = Promise.all(
    job.sentinels.map(async (device, s) => {
      const client = sentinelClients[s];
      if (!client) return;
      const i = job.devices.length + s;
      // Spread the sentinels over the period so their alerts do not all land in one batch.
      await new Promise((r) => setTimeout(r, (job.sentinelPeriodMs * s) / job.sentinels.length));
      while (wallClock() + job.sentinelTimeoutMs < end) {
        const cycle = wallClock();
        const seen = new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, job.sentinelTimeoutMs);
          alerted.set(device.id, () => {
            clearTimeout(timer);
            resolve();
          });
        });
        send({ type: 'inject', deviceId: device.id, at: wallClock() });
        await client.publishAsync(topicOf(device), payload(i, { tiltX: 7.5 }));
        await seen;
        alerted.delete(device.id);
        // Back to normal: the rule clears the alert, so the next crossing raises a new one.
        await client.publishAsync(topicOf(device), payload(i, { tiltX: 0.2 }));
        await new Promise((r) => setTimeout(r, 300));
        await new Promise((r) => setTimeout(r, cycle + job.sentinelPeriodMs - wallClock()));
      }
    }),
  );

  const reporter = setInterval(() => send({ type: 'stats', ...stats }), 500);
  await Promise.race([loadDone, new Promise((r) => setTimeout(r, job.durationMs + 30_000))]);
  await sentinelsDone;
  clearInterval(reporter);
  send({ type: 'done', ...stats, ms: wallClock() - t0 });
  await new Promise<void>((resolve) => {
    process.on('message', (m: ToChild) => {
      if (m.type === 'exit') resolve();
    });
  });
  await Promise.all(clients.map((c) => c?.end()));
  process.exit(0);
}

process.once('message', (m: ToChild) => {
  if (m.type === 'job') {
    run(m.job).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  }
});
