import mqtt, { type MqttClient } from 'mqtt';
import type { ThingModel } from '../thing-model.ts';
import {
  anomalyProducts,
  DeviceSignal,
  type ActiveAnomaly,
  type AnomalyKind,
} from './device-signals.ts';
import { Noise } from './signals.ts';

/** A device the simulator speaks for: its access token is its MQTT username. */
export interface SimulatedDevice {
  id: string;
  name: string;
  productId: string;
  token: string;
}

export interface SimulatorOptions {
  /** The broker: the embedded one (mqtt://127.0.0.1:1883) or an external one. */
  url: string;
  devices: SimulatedDevice[];
  thingModels: Map<string, ThingModel>;
  /** Messages per second, all devices together, spread evenly over them. */
  rate: number;
  /** Stop after this long; null runs until `stop()`. */
  durationMs: number | null;
  anomalies: boolean;
  /** A new anomaly starts this often (first one after a fifth of it)… */
  anomalyEveryMs?: number;
  /** …and lasts this long (a silent device stays silent three times as long). */
  anomalyDurationMs?: number;
  /**
   * A device in an anomaly (other than silence) reports at least this often, outside its turn,
   * as alarmed sensors do; without it a slow rate over many devices could miss the anomaly.
   */
  anomalyReportEveryMs?: number;
  /**
   * `me`: ThingsBoard's `v1/devices/me/telemetry` (the embedded broker knows the device from
   * its username); `token`: `v1/devices/<token>/telemetry`, for an external broker.
   */
  topic: 'me' | 'token';
  seed?: number;
  /** Aborts the connecting phase (start() then rejects with a SimulatorError). */
  signal?: AbortSignal;
  progressEveryMs?: number;
  onProgress?: (progress: SimulatorProgress) => void;
  onAnomaly?: (anomaly: StartedAnomaly) => void;
  onError?: (message: string) => void;
}

export interface SimulatorProgress {
  elapsedMs: number;
  /** Published (QoS 1). */
  sent: number;
  /** Acknowledged by the broker (the embedded broker acknowledges once stored). */
  acked: number;
  errors: number;
  inFlight: number;
  /** Acknowledged per second since the last report. */
  ratePerSecond: number;
  connected: number;
  anomalies: number;
  /** Sends skipped because too many messages were waiting for their acknowledgement. */
  throttled: number;
}

export interface StartedAnomaly extends ActiveAnomaly {
  device: SimulatedDevice;
}

/** The simulator cannot run (no device could connect); the message says why. */
export class SimulatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorError';
  }
}

const TICK_MS = 50;
const CONNECT_CONCURRENCY = 32;

export const anomalyDescriptions: Record<AnomalyKind, string> = {
  tilt: 'billboard slowly tilting past 5°',
  manholeOpen: 'manhole cover opened',
  pressureDrop: 'water pressure dropping (burst main)',
  silence: 'device going silent',
};

/**
 * Publishes realistic telemetry for a set of devices over MQTT, one connection per device (its
 * token is the username, as ThingsBoard devices do), at a steady total rate, with anomalies
 * injected now and then.
 */
export class TelemetrySimulator {
  private readonly clients = new Map<string, MqttClient>();
  private readonly signals = new Map<string, DeviceSignal>();
  private readonly active = new Map<string, ActiveAnomaly>();
  private readonly lastSentAt = new Map<string, number>();
  private readonly noise: Noise;
  private readonly anomalyEveryMs: number;
  private readonly anomalyDurationMs: number;
  private readonly maxInFlight: number;
  private startedAt = 0;
  private cursor = 0;
  private nextAnomalyAt = 0;
  private anomalyTurn = 0;
  private ticker: NodeJS.Timeout | null = null;
  private reporter: NodeJS.Timeout | null = null;
  private lastReport = { at: 0, acked: 0 };
  private finish: (progress: SimulatorProgress) => void = () => undefined;
  private stopping: Promise<SimulatorProgress> | null = null;
  private publishFailed = 0;
  readonly stats = {
    sent: 0,
    acked: 0,
    errors: 0,
    anomalies: 0,
    throttled: 0,
  };
  /** Settles when the duration is over or `stop()` was called, with the final counters. */
  readonly done: Promise<SimulatorProgress>;

  private constructor(private readonly options: SimulatorOptions) {
    if (!(options.rate > 0)) throw new Error('rate must be positive');
    this.noise = new Noise(options.seed ?? 1);
    this.anomalyEveryMs = options.anomalyEveryMs ?? 30_000;
    this.anomalyDurationMs = options.anomalyDurationMs ?? 60_000;
    // About five seconds of traffic may wait for acknowledgements; beyond that the broker
    // is not keeping up, and sending more would only grow memory.
    this.maxInFlight = Math.max(200, Math.ceil(options.rate * 5));
    this.done = new Promise((resolve) => (this.finish = resolve));
    for (const device of options.devices) {
      this.signals.set(
        device.id,
        new DeviceSignal(
          device.name,
          device.productId,
          options.thingModels.get(device.productId),
          options.seed,
        ),
      );
    }
  }

  /** Connects every device, then starts publishing. */
  static async start(options: SimulatorOptions): Promise<TelemetrySimulator> {
    const simulator = new TelemetrySimulator(options);
    await simulator.connectAll();
    simulator.run();
    return simulator;
  }

  progress(): SimulatorProgress {
    const now = Date.now();
    const seconds = Math.max(0.001, (now - this.lastReport.at) / 1000);
    return {
      elapsedMs: now - this.startedAt,
      ...this.stats,
      inFlight: this.inFlight,
      ratePerSecond: (this.stats.acked - this.lastReport.acked) / seconds,
      connected: [...this.clients.values()].filter((c) => c.connected).length,
    };
  }

  get inFlight(): number {
    return this.stats.sent - this.stats.acked - this.publishFailed;
  }

  /** Stops publishing, waits briefly for outstanding acknowledgements, disconnects. */
  stop(): Promise<SimulatorProgress> {
    this.stopping ??= (async () => {
      if (this.ticker) clearInterval(this.ticker);
      if (this.reporter) clearInterval(this.reporter);
      this.ticker = null;
      this.reporter = null;
      const deadline = Date.now() + 5000;
      while (this.inFlight > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await Promise.all([...this.clients.values()].map((c) => c.endAsync(true)));
      const final = this.progress();
      this.finish(final);
      return final;
    })();
    return this.stopping;
  }

  private async connectAll(): Promise<void> {
    const queue = [...this.options.devices];
    let refused = 0;
    const worker = async () => {
      for (let device = queue.shift(); device; device = queue.shift()) {
        if (this.options.signal?.aborted) return;
        const client = mqtt.connect(this.options.url, {
          username: device.token,
          clientId: `onecity-sim-${device.id}`,
          reconnectPeriod: 2000,
          connectTimeout: 10_000,
          // Queue while reconnecting so a broker restart does not lose the simulated data.
          queueQoSZero: false,
        });
        client.on('error', (error) => {
          this.stats.errors += 1;
          this.options.onError?.(`${device.name}: ${error.message}`);
        });
        this.clients.set(device.id, client);
        const outcome = await new Promise<boolean>((resolve) => {
          client.once('connect', () => resolve(true));
          client.once('error', () => resolve(false));
        });
        if (!outcome) {
          refused += 1;
          client.end(true);
          this.clients.delete(device.id);
        }
      }
    };
    await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
    if (this.options.signal?.aborted) {
      await Promise.all([...this.clients.values()].map((c) => c.endAsync(true)));
      this.clients.clear();
      throw new SimulatorError('stopped while the devices were connecting');
    }
    if (this.clients.size === 0) {
      throw new SimulatorError(
        `no device could connect to ${this.options.url} (${refused} refused): is the broker running and are the tokens right?`,
      );
    }
  }

  private run(): void {
    this.startedAt = Date.now();
    this.lastReport = { at: this.startedAt, acked: 0 };
    this.nextAnomalyAt = this.startedAt + Math.round(this.anomalyEveryMs / 5);
    this.ticker = setInterval(() => this.tick(), TICK_MS);
    const every = this.options.progressEveryMs ?? 5000;
    this.reporter = setInterval(() => {
      const progress = this.progress();
      this.lastReport = { at: Date.now(), acked: this.stats.acked };
      this.options.onProgress?.(progress);
    }, every);
  }

  private tick(): void {
    const now = Date.now();
    const elapsed = now - this.startedAt;
    if (this.options.durationMs !== null && elapsed >= this.options.durationMs) {
      void this.stop();
      return;
    }
    for (const [id, anomaly] of this.active) {
      if (now >= anomaly.startMs + anomaly.durationMs) this.active.delete(id);
    }
    if (this.options.anomalies && now >= this.nextAnomalyAt) {
      this.startAnomaly(now);
      this.nextAnomalyAt = now + this.anomalyEveryMs;
    }
    this.reportAnomalies(now);
    // Skipped sends count as spent: no burst builds up to be sent once the broker catches up.
    const due =
      Math.floor((elapsed / 1000) * this.options.rate) - this.stats.sent - this.stats.throttled;
    const devices = this.options.devices;
    for (let i = 0; i < due; i++) {
      if (this.inFlight >= this.maxInFlight) {
        this.stats.throttled += due - i;
        break;
      }
      let device: SimulatedDevice | undefined;
      for (let tries = 0; tries < devices.length; tries++) {
        const candidate = devices[this.cursor % devices.length];
        this.cursor += 1;
        if (!candidate || !this.clients.has(candidate.id)) continue;
        if (this.active.get(candidate.id)?.kind === 'silence') continue;
        device = candidate;
        break;
      }
      if (!device) return;
      this.publish(device, now);
    }
  }

  /** Alarmed devices report outside their turn (they still count towards the rate). */
  private reportAnomalies(now: number): void {
    const every = this.options.anomalyReportEveryMs;
    if (every === undefined) return;
    for (const [id, anomaly] of this.active) {
      if (anomaly.kind === 'silence' || now - (this.lastSentAt.get(id) ?? 0) < every) continue;
      const device = this.options.devices.find((d) => d.id === id);
      if (device && this.inFlight < this.maxInFlight) this.publish(device, now);
    }
  }

  private publish(device: SimulatedDevice, now: number): void {
    const client = this.clients.get(device.id);
    const signal = this.signals.get(device.id);
    if (!client || !signal) return;
    this.lastSentAt.set(device.id, now);
    const values = signal.values(now, this.active.get(device.id) ?? null);
    const topic =
      this.options.topic === 'me'
        ? 'v1/devices/me/telemetry'
        : `v1/devices/${device.token}/telemetry`;
    this.stats.sent += 1;
    client.publish(topic, JSON.stringify({ ts: now, values }), { qos: 1 }, (error) => {
      if (error) {
        this.stats.errors += 1;
        this.publishFailed += 1;
        this.options.onError?.(`${device.name}: ${error.message}`);
      } else this.stats.acked += 1;
    });
  }

  private startAnomaly(now: number): void {
    const kinds: AnomalyKind[] = ['tilt', 'manholeOpen', 'pressureDrop', 'silence'];
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(this.anomalyTurn + k) % kinds.length] as AnomalyKind;
      const product = anomalyProducts[kind];
      const candidates = this.options.devices.filter(
        (d) =>
          (product === null || d.productId === product) &&
          this.clients.has(d.id) &&
          !this.active.has(d.id),
      );
      if (candidates.length === 0) continue;
      this.anomalyTurn = (this.anomalyTurn + k + 1) % kinds.length;
      const device = candidates[Math.floor(this.noise.uniform() * candidates.length)];
      if (!device) return;
      const anomaly: ActiveAnomaly = {
        kind,
        startMs: now,
        durationMs: this.anomalyDurationMs * (kind === 'silence' ? 3 : 1),
      };
      this.active.set(device.id, anomaly);
      this.stats.anomalies += 1;
      this.options.onAnomaly?.({ ...anomaly, device });
      return;
    }
  }
}
