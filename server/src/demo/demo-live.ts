import type { Logger } from 'pino';
import { systemActor } from '../platform/auth/actor.ts';
import type { Config } from '../platform/config/config.ts';
import type { AlertsService } from '../modules/alerts/index.ts';
import {
  anomalyDescriptions,
  historyMessages,
  simulatorRules,
  TelemetrySimulator,
  type IotModule,
  type SimulatedDevice,
  type SimulatorOptions,
  type ThingModel,
} from '../modules/iot/index.ts';

/** How the live demo runs; tests shorten the intervals. */
export interface LiveDemoOptions {
  rate: number;
  anomalyEveryMs: number;
  anomalyDurationMs: number;
  anomalyReportEveryMs: number;
  /** Hours of past readings to write before going live (0: none); the first start asks. */
  historyHours: number;
}

/** The products whose history is written: the screen's crowd layer and the usual charts. */
export const historyProducts = ['crowd-counter', 'water-pressure', 'water-level', 'air-quality'];
const HISTORY_STEP_MS = 10 * 60_000;
const HISTORY_BATCH = 500;
// The same seed for history and live messages: the signals go on where the history stops.
const SIGNAL_SEED = 1;

export const liveDemoDefaults: Omit<LiveDemoOptions, 'rate'> = {
  // The first anomaly starts after a fifth of this (24 s); a billboard crosses 5° two thirds of
  // the way through its anomaly, so the first alert and its case appear within two minutes.
  anomalyEveryMs: 120_000,
  anomalyDurationMs: 90_000,
  anomalyReportEveryMs: 5_000,
  historyHours: 0,
};

/** Why the live demo does not run, or null when it does. */
export function liveDemoOffReason(
  config: Pick<Config, 'demoSimulate' | 'databaseUrl' | 'mqttUrl'>,
  demoSeeded: boolean,
): string | null {
  if (!config.demoSimulate) return 'turned off (ONECITY_DEMO_SIMULATE=false or --no-simulate)';
  if (config.databaseUrl || config.mqttUrl) return 'not the embedded profile';
  if (!demoSeeded) return 'the demo city is not loaded';
  return null;
}

export interface LiveDemoDeps {
  iot: IotModule;
  alerts: AlertsService;
  log: Logger;
}

/**
 * The demo city alive on first start: the demo devices publish over MQTT to the embedded
 * broker, through the same authentication, validation, storage and alert rules as real ones,
 * at a low rate with the simulator's daily cycles and an injected anomaly now and then (the
 * rules of `onecity simulate --create-rules` turn them into alerts, and alerts into cases).
 */
export class LiveDemo {
  private simulator: TelemetrySimulator | null = null;
  private starting: Promise<void> | null = null;
  private readonly abort = new AbortController();

  constructor(
    private readonly deps: LiveDemoDeps,
    private readonly options: LiveDemoOptions,
  ) {}

  /** Connects the devices in the background: readiness does not wait for them. */
  start(brokerUrl: string): void {
    this.starting ??= this.run(brokerUrl).catch((error: unknown) => {
      if (this.stopped) return;
      this.deps.log.warn({ err: error }, `live demo could not start: ${(error as Error).message}`);
    });
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  async stop(): Promise<void> {
    // Stops the history and the connecting phase early: Ctrl-C need not wait for them.
    this.abort.abort();
    await this.starting;
    await this.simulator?.stop();
    this.simulator = null;
  }

  private async run(url: string): Promise<void> {
    const { iot, log } = this.deps;
    await this.ensureRules();
    const devices = await this.demoDevices();
    if (devices.length === 0 || this.stopped) return;
    const { rate, anomalyEveryMs } = this.options;
    log.info(
      `live demo: ${devices.length.toLocaleString('en-US')} demo devices report over MQTT at ${rate} msgs/s with an anomaly every ${Math.round(anomalyEveryMs / 1000)} s (turn it off: ONECITY_DEMO_SIMULATE=false or onecity start --no-simulate)`,
    );
    const thingModels = new Map(
      (await iot.registry.listProducts()).map((p) => [p.id, p.thingModel]),
    );
    if (this.options.historyHours > 0) await this.writeHistory(devices, thingModels);
    if (this.stopped) return;
    const { anomalyDurationMs, anomalyReportEveryMs } = this.options;
    const options: SimulatorOptions = {
      url,
      devices,
      thingModels,
      rate,
      durationMs: null,
      anomalies: true,
      anomalyEveryMs,
      anomalyDurationMs,
      anomalyReportEveryMs,
      topic: 'me',
      seed: SIGNAL_SEED,
      signal: this.abort.signal,
      progressEveryMs: 60_000,
      onAnomaly: (a) =>
        log.info(
          `live demo anomaly: ${a.device.name} (${a.device.productId}) ${anomalyDescriptions[a.kind]} for ${Math.round(a.durationMs / 1000)} s`,
        ),
      onError: (() => {
        let shown = 0;
        return (message: string) => {
          if (shown++ < 5) log.warn(`live demo: ${message}`);
        };
      })(),
    };
    const simulator = await TelemetrySimulator.start(options);
    if (this.stopped) {
      await simulator.stop();
      return;
    }
    this.simulator = simulator;
  }

  /** Past readings of a few products through the ingest path, so charts start filled. */
  private async writeHistory(
    devices: SimulatedDevice[],
    thingModels: Map<string, ThingModel>,
  ): Promise<void> {
    const started = Date.now();
    const now = Date.now();
    const chosen = devices.filter((d) => historyProducts.includes(d.productId));
    const messages = historyMessages(chosen, thingModels, {
      fromMs: now - this.options.historyHours * 3600_000,
      toMs: now - HISTORY_STEP_MS / 2,
      stepMs: HISTORY_STEP_MS,
      seed: SIGNAL_SEED,
    });
    let readings = 0;
    for (let i = 0; i < messages.length && !this.stopped; i += HISTORY_BATCH) {
      const outcomes = await this.deps.iot.ingest.ingestBatch(messages.slice(i, i + HISTORY_BATCH));
      for (const o of outcomes) readings += o.readings;
    }
    this.deps.log.info(
      `live demo: ${this.options.historyHours} h of history for ${chosen.length.toLocaleString('en-US')} devices (${readings.toLocaleString('en-US')} readings) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  /** The rules that turn the injected anomalies into alerts, created once. */
  private async ensureRules(): Promise<void> {
    const { alerts } = this.deps;
    const existing = new Set((await alerts.listRules()).map((r) => r.name));
    for (const rule of simulatorRules) {
      if (existing.has(rule.name)) continue;
      await alerts.createRule(systemActor, {
        name: rule.name,
        severity: rule.severity,
        productId: rule.productId,
        condition: { ...rule.condition },
      });
    }
  }

  private async demoDevices(): Promise<SimulatedDevice[]> {
    const { items } = await this.deps.iot.registry.list(systemActor, {
      tag: 'demo',
      limit: 100_000,
      offset: 0,
    });
    return items.map((d) => ({ id: d.id, name: d.name, productId: d.productId, token: d.token }));
  }
}
