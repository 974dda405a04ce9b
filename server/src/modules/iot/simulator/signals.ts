/**
 * Building blocks of simulated telemetry: daily cycles in Shanghai's local time, tides, and
 * seeded noise. Pure functions of time (and a seed), so a test can ask "what does a crowd
 * counter read at 08:30?" and get the same answer every run.
 */
import { mulberry32 } from '../../../platform/random.ts';

const HOUR_MS = 3600_000;
/** Shanghai is UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;
/** The principal lunar semi-diurnal tide (M2), which drives the Huangpu river's level. */
const M2_PERIOD_MS = 12.4206 * HOUR_MS;

/** Hour of the day in Shanghai, fractional: 8.5 is 08:30. */
export function shanghaiHour(ms: number): number {
  const local = (((ms + SHANGHAI_OFFSET_MS) % (24 * HOUR_MS)) + 24 * HOUR_MS) % (24 * HOUR_MS);
  return local / HOUR_MS;
}

/** Day of the week in Shanghai: 0 = Sunday … 6 = Saturday. */
export function shanghaiWeekday(ms: number): number {
  return new Date(ms + SHANGHAI_OFFSET_MS).getUTCDay();
}

/** A bell curve on the 24-hour clock (wraps around midnight), 1 at `centre`. */
export function bump(hour: number, centre: number, width: number): number {
  let d = Math.abs(hour - centre) % 24;
  if (d > 12) d = 24 - d;
  return Math.exp(-(d * d) / (2 * width * width));
}

/**
 * How busy streets and stations are, 0–1: peaks at 08:30 and 18:00 on working days, a broad
 * early-afternoon hump at weekends, near zero at 03:00.
 */
export function rushHour(ms: number): number {
  const h = shanghaiHour(ms);
  const weekday = shanghaiWeekday(ms);
  const night = 0.04;
  if (weekday === 0 || weekday === 6) {
    return Math.min(1, night + 0.75 * bump(h, 14.5, 3.2) + 0.2 * bump(h, 20, 1.5));
  }
  return Math.min(
    1,
    night + 0.96 * bump(h, 8.5, 1.0) + 0.85 * bump(h, 18, 1.3) + 0.3 * bump(h, 12.5, 1.5),
  );
}

/**
 * Air temperature shape, −1 at the coldest hour (05:00) and +1 at the warmest (14:00): a
 * cosine stretched so the morning rise is faster than the evening fall.
 */
export function diurnal(ms: number, coldest = 5, warmest = 14): number {
  const h = shanghaiHour(ms);
  const rise = (((warmest - coldest) % 24) + 24) % 24;
  const sinceCold = (((h - coldest) % 24) + 24) % 24;
  if (sinceCold <= rise) return -Math.cos((Math.PI * sinceCold) / rise);
  return Math.cos((Math.PI * (sinceCold - rise)) / (24 - rise));
}

/** Household water demand, 0–1: morning peak 07:30, evening peak 20:00, low at 04:00. */
export function waterDemand(ms: number): number {
  const h = shanghaiHour(ms);
  return Math.min(
    1,
    0.15 + 0.8 * bump(h, 7.5, 1.3) + 0.7 * bump(h, 20, 1.8) + 0.3 * bump(h, 12, 2),
  );
}

/** The tide, −1…1, with a per-site phase (river gauges downstream see it earlier). */
export function tide(ms: number, phase = 0): number {
  return Math.sin((2 * Math.PI * ms) / M2_PERIOD_MS + phase);
}

export function clamp(value: number, min: number | undefined, max: number | undefined): number {
  let v = value;
  if (min !== undefined && v < min) v = min;
  if (max !== undefined && v > max) v = max;
  return v;
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Seeded randomness: uniform, Gaussian (Box–Muller) and a stable per-name seed. */
export class Noise {
  private readonly next: () => number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  uniform(min = 0, max = 1): number {
    return min + (max - min) * this.next();
  }

  /** Standard normal (mean 0, deviation 1) scaled by `sd`. */
  gaussian(sd = 1): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s * sd;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v) * sd;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A 32-bit seed from a string (FNV-1a), so each device gets its own stable noise. */
export function seedOf(text: string, salt = 0): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
