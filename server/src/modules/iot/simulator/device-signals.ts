/**
 * What each demo product reads over a day, and how the injected anomalies bend it. A device
 * keeps its own site constants (a counter's capacity, a billboard's mounting offset, a
 * gauge's tide phase) drawn from its name, so the same device always looks the same.
 */
import type { ThingModel, ThingProperty } from '../thing-model.ts';
import { clamp, diurnal, Noise, round, rushHour, seedOf, tide, waterDemand } from './signals.ts';

export type Values = Record<string, number | boolean | string>;

/**
 * The anomalies the simulator injects: a billboard slowly tilting past 5°, a manhole cover
 * opening, a water-pressure drop (a burst main), and a device going silent.
 */
export type AnomalyKind = 'tilt' | 'manholeOpen' | 'pressureDrop' | 'silence';

export const anomalyProducts: Record<AnomalyKind, string | null> = {
  tilt: 'billboard-tilt',
  manholeOpen: 'manhole-cover',
  pressureDrop: 'water-pressure',
  silence: null,
};

export interface ActiveAnomaly {
  kind: AnomalyKind;
  startMs: number;
  durationMs: number;
}

/** How far an anomaly has gone, 0 at its start and 1 at its end. */
export function progressOf(anomaly: ActiveAnomaly, ms: number): number {
  return clamp((ms - anomaly.startMs) / Math.max(1, anomaly.durationMs), 0, 1);
}

/** Where a tilting billboard ends up; it passes 5° about two thirds of the way. */
export const TILT_END_DEGREES = 7.5;

interface Site {
  noise: Noise;
  /** Per-device constants, 0–1, drawn once. */
  a: number;
  b: number;
  c: number;
  /** Monotonic counters (battery drain, elevator trips). */
  counter: number;
  battery: number;
}

type Generator = (site: Site, ms: number, anomaly: ActiveAnomaly | null) => Values;

const batteryOf = (site: Site) => {
  site.battery = Math.max(5, site.battery - 0.0005);
  return round(site.battery, 1);
};
const rssiOf = (site: Site) => Math.round(-70 - 25 * site.a + site.noise.gaussian(3));

const generators: Record<string, Generator> = {
  'billboard-tilt': (s, ms, anomaly) => {
    const offsetX = (s.a - 0.5) * 1.6;
    const offsetY = (s.b - 0.5) * 1.6;
    // Wind picks up in the afternoon; gusts shake the frame.
    const wind = 0.5 + 0.5 * diurnal(ms, 6, 15);
    const gust = s.noise.chance(0.05) ? s.noise.uniform(1, 4) : 0;
    let tiltX = offsetX + s.noise.gaussian(0.05) + 0.1 * wind;
    if (anomaly?.kind === 'tilt') {
      const p = progressOf(anomaly, ms);
      tiltX = offsetX + (TILT_END_DEGREES - offsetX) * p + s.noise.gaussian(0.03);
    }
    return {
      tiltX: round(tiltX, 2),
      tiltY: round(offsetY + s.noise.gaussian(0.05), 2),
      vibration: round(Math.abs(0.2 + 0.6 * wind + gust + s.noise.gaussian(0.1)), 2),
      battery: batteryOf(s),
      rssi: rssiOf(s),
    };
  },
  'curtain-wall': (s, ms) => {
    const sun = Math.max(0, diurnal(ms));
    return {
      tilt: round((s.a - 0.5) * 0.6 + 0.05 * sun + s.noise.gaussian(0.02), 3),
      // Glass and frame expand in the afternoon sun.
      displacement: round(2 + 8 * s.b + 1.5 * sun + s.noise.gaussian(0.1), 2),
      vibration: round(3 + 4 * s.c + s.noise.gaussian(0.2), 2),
      glassBroken: false,
      battery: batteryOf(s),
    };
  },
  'water-quality': (s, ms) => ({
    ph: round(7.2 + 0.3 * (s.a - 0.5) + s.noise.gaussian(0.03), 2),
    turbidity: round(
      Math.abs(0.25 + 0.2 * s.b + 0.1 * waterDemand(ms) + s.noise.gaussian(0.03)),
      3,
    ),
    // Residual chlorine decays while water sits in the mains overnight.
    chlorine: round(0.45 + 0.25 * waterDemand(ms) + s.noise.gaussian(0.02), 3),
    temperature: round(18 + 4 * s.c + 1.2 * diurnal(ms, 7, 17) + s.noise.gaussian(0.1), 2),
    conductivity: Math.round(380 + 120 * s.a + s.noise.gaussian(5)),
  }),
  'water-pressure': (s, ms, anomaly) => {
    const demand = waterDemand(ms);
    // Pressure sags when everybody draws water at once.
    let pressure = 0.3 + 0.12 * s.a - 0.08 * demand + s.noise.gaussian(0.004);
    let flow = (200 + 1800 * s.b) * (0.3 + demand) + s.noise.gaussian(10);
    if (anomaly?.kind === 'pressureDrop') {
      const p = Math.min(1, progressOf(anomaly, ms) * 5);
      pressure *= 1 - 0.85 * p;
      flow *= 1 + 1.5 * p;
    }
    return {
      pressure: round(pressure, 3),
      flow: round(Math.max(0, flow), 1),
      pumpState: 'running',
      battery: batteryOf(s),
    };
  },
  'water-level': (s, ms) => {
    // Rain falls now and then; a shower raises the level for a while.
    const shower = s.noise.chance(0.002) ? s.noise.uniform(5, 40) : 0;
    s.counter = s.counter * 0.995 + shower;
    return {
      level: round(
        1.2 + 1.5 * s.a + 0.9 * tide(ms, 6 * s.b) + 0.02 * s.counter + s.noise.gaussian(0.01),
        3,
      ),
      rainfall: round(s.counter > 0.5 ? s.counter / 4 : 0, 1),
      battery: batteryOf(s),
      rssi: rssiOf(s),
    };
  },
  'manhole-cover': (s, ms, anomaly) => {
    const open = anomaly?.kind === 'manholeOpen';
    return {
      open,
      tilt: round(
        open ? 25 + 10 * s.b + s.noise.gaussian(1) : 0.3 * s.a + s.noise.gaussian(0.05),
        2,
      ),
      waterLevel: round(
        Math.max(0, 40 + 80 * s.c + 15 * tide(ms, 6 * s.a) + s.noise.gaussian(2)),
        1,
      ),
      battery: batteryOf(s),
      rssi: rssiOf(s),
    };
  },
  'smoke-detector': (s, ms) => ({
    smoke: round(Math.abs(0.01 + 0.01 * s.a + s.noise.gaussian(0.003)), 4),
    alarm: false,
    temperature: round(22 + 3 * s.b + 2.5 * diurnal(ms, 6, 16) + s.noise.gaussian(0.2), 1),
    battery: batteryOf(s),
  }),
  'elevator-monitor': (s, ms) => {
    const busy = rushHour(ms);
    const moving = s.noise.chance(0.2 + 0.6 * busy);
    if (moving) s.counter += 1;
    const floors = 6 + Math.floor(30 * s.a);
    return {
      floor: Math.floor(s.noise.uniform(1, floors + 1)),
      speed: round(moving ? 1 + 1.5 * s.b + s.noise.gaussian(0.05) : 0, 2),
      doorOpen: !moving && s.noise.chance(0.3),
      passengers: s.noise.chance(0.1 + 0.8 * busy),
      status: 'normal',
      runCount: Math.floor(10_000 + 90_000 * s.c + s.counter),
    };
  },
  'crowd-counter': (s, ms) => {
    // Capacity differs per site: a metro exit versus the Bund.
    const capacity = 500 + 19_500 * s.a * s.a;
    const busy = rushHour(ms);
    const count = Math.max(0, capacity * busy * (1 + s.noise.gaussian(0.04)));
    const flow = Math.max(0, (count / 12) * (1 + s.noise.gaussian(0.1)));
    const trend = s.noise.gaussian(0.05);
    return {
      count: Math.round(count),
      inflow: Math.round(flow * (1 + trend)),
      outflow: Math.round(flow * (1 - trend)),
      density: round(count / (2000 + 8000 * s.b), 3),
    };
  },
  'air-quality': (s, ms) => {
    const traffic = rushHour(ms);
    const sun = Math.max(0, diurnal(ms, 5, 14));
    const pm25 = Math.max(3, 25 + 30 * s.a + 25 * traffic + s.noise.gaussian(3));
    const temperature = 17 + 3 * s.b + 5 * diurnal(ms, 5, 14) + s.noise.gaussian(0.2);
    return {
      pm25: round(pm25, 1),
      pm10: round(pm25 * (1.4 + 0.3 * s.c) + s.noise.gaussian(2), 1),
      no2: round(Math.max(2, 20 + 35 * traffic + s.noise.gaussian(3)), 1),
      // Ozone forms in sunlight: it peaks mid-afternoon and falls at night.
      o3: round(Math.max(2, 20 + 110 * sun * sun + s.noise.gaussian(4)), 1),
      temperature: round(temperature, 1),
      humidity: round(clamp(70 - 2.2 * (temperature - 17) + s.noise.gaussian(2), 15, 100), 1),
      noise: round(42 + 25 * traffic + 5 * s.c + s.noise.gaussian(1.5), 1),
    };
  },
};

/** Readings for a product that has no hand-written model: mid-range with a daily swing. */
function genericValue(p: ThingProperty, site: Site, ms: number): number | boolean | string | null {
  switch (p.type) {
    case 'number':
    case 'integer': {
      const min = p.min ?? 0;
      const max = p.max ?? min + 100;
      const mid = (min + max) / 2;
      const span = max - min;
      const v = mid + (span / 8) * diurnal(ms) + site.noise.gaussian(span / 100);
      return p.type === 'integer' ? Math.round(v) : round(v, 3);
    }
    case 'boolean':
      return false;
    case 'enum':
      return p.values?.[0] ?? null;
    case 'string':
      return 'ok';
    default:
      return null; // locations are not simulated
  }
}

/** One simulated device's signal: call `values(now)` for each message it sends. */
export class DeviceSignal {
  private readonly site: Site;
  private readonly generator: Generator | undefined;
  private readonly properties: ThingProperty[];

  constructor(
    readonly name: string,
    readonly productId: string,
    thingModel: ThingModel | undefined,
    seed = 1,
  ) {
    const noise = new Noise(seedOf(name, seed));
    this.site = {
      noise,
      a: noise.uniform(),
      b: noise.uniform(),
      c: noise.uniform(),
      counter: 0,
      battery: 60 + 40 * noise.uniform(),
    };
    this.generator = generators[productId];
    this.properties = thingModel?.properties ?? [];
  }

  values(ms: number, anomaly: ActiveAnomaly | null = null): Values {
    const out: Values = {};
    if (this.generator) {
      const raw = this.generator(this.site, ms, anomaly);
      const byKey = new Map(this.properties.map((p) => [p.key, p]));
      for (const [key, value] of Object.entries(raw)) {
        const p = byKey.get(key);
        // Keep readings inside the thing model's range, as a real sensor's firmware does.
        out[key] =
          typeof value === 'number' && p
            ? p.type === 'integer'
              ? Math.round(clamp(value, p.min, p.max))
              : clamp(value, p.min, p.max)
            : value;
      }
      return out;
    }
    for (const p of this.properties) {
      const value = genericValue(p, this.site, ms);
      if (value !== null) out[p.key] = value;
    }
    return out;
  }
}
