import { describe, expect, it } from 'vitest';
import { demoProducts } from '../demo-products.ts';
import type { ThingModel } from '../thing-model.ts';
import { DeviceSignal, progressOf, TILT_END_DEGREES } from './device-signals.ts';
import { parseDeviceSpec } from './device-source.ts';
import { diurnal, Noise, rushHour, shanghaiHour, tide, waterDemand } from './signals.ts';

/** 2026-03-04 (a Wednesday) at the given Shanghai time, as epoch ms. */
const wednesday = (hour: number, minute = 0) =>
  Date.UTC(2026, 2, 4, hour - 8, minute) + (hour < 8 ? 86_400_000 : 0);
/** 2026-03-07, a Saturday. */
const saturday = (hour: number) => Date.UTC(2026, 2, 7, hour - 8);
const modelOf = (id: string) => demoProducts.find((p) => p.id === id)?.thingModel as ThingModel;

describe('daily cycles in Shanghai time', () => {
  it('reads the hour of day in UTC+8', () => {
    expect(shanghaiHour(Date.UTC(2026, 0, 1, 0, 30))).toBe(8.5);
    expect(shanghaiHour(Date.UTC(2026, 0, 1, 16, 0))).toBe(0);
  });

  it('peaks at the morning and evening rush on working days, not at night or on Saturday morning', () => {
    expect(rushHour(wednesday(8, 30))).toBeGreaterThan(0.9);
    expect(rushHour(wednesday(18))).toBeGreaterThan(0.8);
    expect(rushHour(wednesday(3))).toBeLessThan(0.1);
    expect(rushHour(wednesday(11))).toBeLessThan(rushHour(wednesday(8, 30)));
    expect(rushHour(saturday(8))).toBeLessThan(0.5 * rushHour(wednesday(8)));
  });

  it('is coldest at 05:00 and warmest at 14:00, rising in between', () => {
    expect(diurnal(wednesday(5))).toBeCloseTo(-1, 5);
    expect(diurnal(wednesday(14))).toBeCloseTo(1, 5);
    let last = -2;
    for (let h = 5; h <= 14; h++) {
      const v = diurnal(wednesday(h));
      expect(v).toBeGreaterThan(last);
      last = v;
    }
  });

  it('draws water most at breakfast and in the evening', () => {
    expect(waterDemand(wednesday(7, 30))).toBeGreaterThan(0.9);
    expect(waterDemand(wednesday(20))).toBeGreaterThan(0.8);
    expect(waterDemand(wednesday(4))).toBeLessThan(0.25);
  });

  it('tides twice a day', () => {
    // Half an M2 period (6 h 12.6 min) later the tide has turned.
    const t = wednesday(10);
    expect(tide(t + 6.2103 * 3600_000)).toBeCloseTo(-tide(t), 3);
  });
});

describe('seeded noise', () => {
  it('repeats for a seed and looks normal', () => {
    const a = new Noise(7);
    const b = new Noise(7);
    const xs = Array.from({ length: 20_000 }, () => a.gaussian());
    expect(Array.from({ length: 5 }, () => b.gaussian())).toEqual(xs.slice(0, 5));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(sd).toBeGreaterThan(0.97);
    expect(sd).toBeLessThan(1.03);
  });
});

describe('device signals', () => {
  it('keeps every demo product inside its thing model over a whole day', () => {
    for (const product of demoProducts) {
      const signal = new DeviceSignal(`${product.prefix}-000001`, product.id, product.thingModel);
      const keys = new Set<string>();
      for (let minute = 0; minute < 24 * 60; minute += 7) {
        const values = signal.values(wednesday(0) + minute * 60_000);
        for (const [key, value] of Object.entries(values)) {
          keys.add(key);
          const p = product.thingModel.properties.find((x) => x.key === key);
          expect(p, `${product.id}.${key} is in the thing model`).toBeDefined();
          if (!p) continue;
          if (p.type === 'number' || p.type === 'integer') {
            expect(typeof value).toBe('number');
            if (p.min !== undefined) expect(value).toBeGreaterThanOrEqual(p.min);
            if (p.max !== undefined) expect(value).toBeLessThanOrEqual(p.max);
            if (p.type === 'integer') expect(Number.isInteger(value)).toBe(true);
          }
          if (p.type === 'boolean') expect(typeof value).toBe('boolean');
          if (p.type === 'enum') expect(p.values).toContain(value);
        }
      }
      // Every property the model declares is reported.
      expect([...keys].sort()).toEqual(product.thingModel.properties.map((p) => p.key).sort());
    }
  });

  it('counts crowds at rush hour, not at night', () => {
    const signal = new DeviceSignal('CC-000042', 'crowd-counter', modelOf('crowd-counter'));
    const rush = signal.values(wednesday(8, 30)).count as number;
    const night = signal.values(wednesday(3)).count as number;
    expect(rush).toBeGreaterThan(5 * Math.max(1, night));
  });

  it('gives ozone its afternoon peak and the same device the same values', () => {
    const a = new DeviceSignal('AQ-000010', 'air-quality', modelOf('air-quality'));
    const b = new DeviceSignal('AQ-000010', 'air-quality', modelOf('air-quality'));
    expect(a.values(wednesday(15))).toEqual(b.values(wednesday(15)));
    expect(a.values(wednesday(15)).o3 as number).toBeGreaterThan(
      (a.values(wednesday(4)).o3 as number) + 50,
    );
  });

  it('tilts a billboard slowly past 5° during a tilt anomaly', () => {
    const signal = new DeviceSignal('BB-000001', 'billboard-tilt', modelOf('billboard-tilt'));
    const start = wednesday(12);
    const anomaly = { kind: 'tilt' as const, startMs: start, durationMs: 60_000 };
    const at = (s: number) => signal.values(start + s * 1000, anomaly).tiltX as number;
    expect(Math.abs(at(0))).toBeLessThan(1.2);
    expect(at(20)).toBeLessThan(5);
    expect(at(59)).toBeGreaterThan(5);
    expect(at(60)).toBeCloseTo(TILT_END_DEGREES, 0);
    // It rises steadily rather than jumping.
    for (let s = 5; s <= 60; s += 5) expect(at(s)).toBeGreaterThan(at(s - 5) - 0.2);
    expect(progressOf(anomaly, start + 30_000)).toBeCloseTo(0.5, 5);
    expect(Math.abs(signal.values(start).tiltX as number)).toBeLessThan(1.2);
  });

  it('opens a manhole cover and drops the water pressure', () => {
    const t = wednesday(10);
    const manhole = new DeviceSignal('MH-000006', 'manhole-cover', modelOf('manhole-cover'));
    expect(manhole.values(t).open).toBe(false);
    const opened = manhole.values(t, { kind: 'manholeOpen', startMs: t, durationMs: 1000 });
    expect(opened.open).toBe(true);
    expect(opened.tilt as number).toBeGreaterThan(20);

    const main = new DeviceSignal('WP-000004', 'water-pressure', modelOf('water-pressure'));
    expect(main.values(t).pressure as number).toBeGreaterThan(0.2);
    const burst = { kind: 'pressureDrop' as const, startMs: t, durationMs: 60_000 };
    expect(main.values(t + 30_000, burst).pressure as number).toBeLessThan(0.1);
  });

  it('simulates a product without a hand-written model from its thing model', () => {
    const model: ThingModel = {
      intervalSeconds: 60,
      properties: [
        { key: 'level', name: 'level', type: 'number', min: 10, max: 20 },
        { key: 'doors', name: 'doors', type: 'integer', min: 0, max: 4 },
        { key: 'ok', name: 'ok', type: 'boolean' },
        { key: 'mode', name: 'mode', type: 'enum', values: ['auto', 'manual'] },
      ],
      events: [],
      commands: [],
    };
    const values = new DeviceSignal('X-1', 'custom-product', model).values(wednesday(9));
    expect(values.level as number).toBeGreaterThanOrEqual(10);
    expect(values.level as number).toBeLessThanOrEqual(20);
    expect(Number.isInteger(values.doors)).toBe(true);
    expect(values).toMatchObject({ ok: false, mode: 'auto' });
  });
});

describe('--devices', () => {
  it('takes a count, products, or both', () => {
    expect(parseDeviceSpec('200')).toEqual({ count: 200, products: null });
    expect(parseDeviceSpec('billboard-tilt,manhole-cover')).toEqual({
      count: null,
      products: ['billboard-tilt', 'manhole-cover'],
    });
    expect(parseDeviceSpec('billboard-tilt:20')).toEqual({
      count: 20,
      products: ['billboard-tilt'],
    });
    expect(() => parseDeviceSpec('0')).toThrow(/at least 1/);
    expect(() => parseDeviceSpec('bill board')).toThrow(/expected a count/);
  });
});
