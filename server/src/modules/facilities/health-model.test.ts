import { describe, expect, it } from 'vitest';
import {
  computeHealth,
  modelProblems,
  scoreValue,
  type FacilityReading,
  type HealthModel,
} from './health-model.ts';

const now = new Date('2026-11-22T08:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

const model = (overrides: Partial<HealthModel> = {}): HealthModel => ({
  components: [
    {
      key: 'pressure',
      name: '出厂压力',
      property: 'pressure',
      weight: 40,
      scoring: { type: 'range', ideal: [0.3, 0.5], limit: [0.1, 0.8] },
      critical: true,
    },
    {
      key: 'turbidity',
      name: '浊度',
      property: 'turbidity',
      weight: 30,
      scoring: { type: 'range', ideal: [0, 1], limit: [0, 5] },
    },
    {
      key: 'pump',
      name: '泵状态',
      property: 'pumpState',
      weight: 30,
      scoring: { type: 'map', values: { running: 100, standby: 80, fault: 0 } },
    },
  ],
  missing: { policy: 'exclude', maxAgeMinutes: 15 },
  minCoverage: 0.5,
  levels: { good: 80, attention: 60 },
  ...overrides,
});

const reading = (key: string, value: unknown, ago = 1, deviceId = 'd1'): FacilityReading => ({
  deviceId,
  role: 'main',
  key,
  value,
  ts: minutesAgo(ago),
});

describe('scoreValue', () => {
  const range = {
    type: 'range' as const,
    ideal: [0.3, 0.5] as [number, number],
    limit: [0.1, 0.8] as [number, number],
  };
  it('is 100 inside the ideal band and falls linearly to 0 at the limits', () => {
    expect(scoreValue(range, 0.4)).toBe(100);
    expect(scoreValue(range, 0.2)).toBeCloseTo(50);
    expect(scoreValue(range, 0.65)).toBeCloseTo(50);
    expect(scoreValue(range, 0.05)).toBe(0);
    expect(scoreValue(range, 2)).toBe(0);
  });
  it('cannot score a value of the wrong type', () => {
    expect(scoreValue(range, 'high')).toBeNull();
    expect(scoreValue(range, Number.NaN)).toBeNull();
    expect(scoreValue({ type: 'map', values: { true: 0 } }, false)).toBeNull();
    expect(scoreValue({ type: 'map', values: { true: 0 }, otherwise: 100 }, false)).toBe(100);
    expect(scoreValue({ type: 'map', values: { true: 0 } }, true)).toBe(0);
  });
});

describe('computeHealth', () => {
  it('is the weighted mean of the components', () => {
    const health = computeHealth(
      model(),
      [reading('pressure', 0.4), reading('turbidity', 3), reading('pumpState', 'standby')],
      now,
    );
    // 100×40 + 50×30 + 80×30 = 7,900 / 100
    expect(health.score).toBe(79);
    expect(health.level).toBe('attention');
    expect(health.coverage).toBe(1);
    expect(health.components.map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('takes the worst device by default and the mean when asked', () => {
    const readings = [reading('turbidity', 0.5, 1, 'a'), reading('turbidity', 3, 1, 'b')];
    const worst = computeHealth(model(), [...readings, reading('pressure', 0.4)], now);
    expect(worst.components[1]).toMatchObject({ score: 50, deviceId: 'b', value: 3 });
    const meanModel = model();
    meanModel.components[1] = { ...meanModel.components[1]!, aggregate: 'mean' };
    const mean = computeHealth(meanModel, [...readings, reading('pressure', 0.4)], now);
    expect(mean.components[1]?.score).toBe(75);
  });

  it('leaves out stale and missing components and re-weights the rest (exclude)', () => {
    const health = computeHealth(
      model(),
      [reading('pressure', 0.4), reading('turbidity', 3, 60)],
      now,
    );
    expect(health.components.map((c) => c.status)).toEqual(['ok', 'stale', 'missing']);
    expect(health.coverage).toBe(0.4);
    expect(health).toMatchObject({ score: null, level: 'unknown' });
    expect(computeHealth(model({ minCoverage: 0.4 }), [reading('pressure', 0.4)], now).score).toBe(
      100,
    );
  });

  it('counts missing data as the worst score when the model says so', () => {
    const health = computeHealth(
      model({ missing: { policy: 'worst', maxAgeMinutes: 15 } }),
      [reading('pressure', 0.4), reading('turbidity', 0.5)],
      now,
    );
    expect(health.score).toBe(70);
    expect(health.components[2]).toMatchObject({ score: 0, status: 'missing' });
  });

  it('uses the last value however old with the "last" policy, still marked stale', () => {
    const health = computeHealth(
      model({ missing: { policy: 'last', maxAgeMinutes: 15 }, minCoverage: 0 }),
      [reading('pressure', 0.4), reading('turbidity', 5, 600), reading('pumpState', 'running')],
      now,
    );
    expect(health.components[1]).toMatchObject({ score: 0, status: 'stale' });
    expect(health.score).toBe(70);
    expect(health.coverage).toBe(0.7);
  });

  it('caps the score when a critical component fails', () => {
    const health = computeHealth(
      model(),
      [reading('pressure', 0.12), reading('turbidity', 0.2), reading('pumpState', 'running')],
      now,
    );
    expect(health.components[0]?.score).toBe(10);
    expect(health.score).toBe(10);
    expect(health.level).toBe('poor');
  });

  it('gives no score without data rather than a flattering one', () => {
    expect(computeHealth(model(), [], now)).toMatchObject({
      score: null,
      level: 'unknown',
      coverage: 0,
    });
  });

  it('ignores values it cannot score', () => {
    const health = computeHealth(
      model(),
      [reading('pressure', 'broken'), reading('turbidity', 0.5), reading('pumpState', 'running')],
      now,
    );
    expect(health.components[0]).toMatchObject({ score: null, status: 'stale' });
    expect(health.score).toBe(100);
  });
});

describe('modelProblems', () => {
  it('finds bands out of order, duplicate keys and levels upside down', () => {
    const bad = model({ levels: { good: 50, attention: 70 } });
    bad.components.push({
      ...bad.components[0]!,
      scoring: { type: 'range', ideal: [1, 0], limit: [0, 2] },
    });
    expect(modelProblems(bad)).toEqual([
      'component "pressure" appears twice',
      'component "pressure": need limit[0] ≤ ideal[0] ≤ ideal[1] ≤ limit[1]',
      'levels.attention must not be above levels.good',
    ]);
    expect(modelProblems(model())).toEqual([]);
  });
});
