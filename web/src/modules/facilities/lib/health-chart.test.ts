import { describe, expect, it } from 'vitest';
import type { HealthComponent, HealthPoint } from '../api/facilities-api';
import { healthChartOption, historySeries, levelOf, weightShares } from './health-chart';

const component = (key: string, weight: number, critical = false): HealthComponent => ({
  key,
  name: key.toUpperCase(),
  property: key,
  weight,
  scoring: { type: 'range', ideal: [0, 1], limit: [-1, 2] },
  ...(critical ? { critical } : {}),
});

const T0 = Date.parse('2026-11-22T00:00:00Z');
const point = (minutes: number, score: number | null, parts: Array<[string, number | null]>) =>
  ({
    ts: new Date(T0 + minutes * 60_000).toISOString(),
    score,
    level: 'good',
    coverage: 1,
    components: parts.map(([key, s]) => ({
      key,
      name: key.toUpperCase(),
      weight: 1,
      score: s,
      status: s === null ? 'missing' : 'ok',
      value: null,
      deviceId: null,
      ts: null,
    })),
  }) as HealthPoint;

describe('weights', () => {
  it('are shown as shares of the whole, largest first', () => {
    expect(weightShares([component('ph', 10), component('pressure', 30, true)])).toEqual([
      { key: 'pressure', name: 'PRESSURE', weight: 30, share: 0.75, critical: true },
      { key: 'ph', name: 'PH', weight: 10, share: 0.25, critical: false },
    ]);
    expect(weightShares([])).toEqual([]);
  });
});

describe('levels', () => {
  it('follow the model thresholds, and no score means unknown', () => {
    const levels = { good: 80, attention: 60 };
    expect(levelOf(80, levels)).toBe('good');
    expect(levelOf(79.9, levels)).toBe('attention');
    expect(levelOf(59, levels)).toBe('poor');
    expect(levelOf(null, levels)).toBe('unknown');
  });
});

describe('history', () => {
  it('becomes one line for the index and one per component, oldest first', () => {
    const series = historySeries([
      point(5, 70, [
        ['chlorine', 40],
        ['ph', 100],
      ]),
      point(0, null, [['chlorine', null]]),
    ]);
    expect(series.score).toEqual([
      [T0, null],
      [T0 + 300_000, 70],
    ]);
    expect(series.components).toEqual([
      {
        key: 'chlorine',
        name: 'CHLORINE',
        points: [
          [T0, null],
          [T0 + 300_000, 40],
        ],
      },
      { key: 'ph', name: 'PH', points: [[T0 + 300_000, 100]] },
    ]);
  });

  it('is drawn on a 0–100 axis over the level bands, components only when asked', () => {
    const series = historySeries([point(0, 90, [['ph', 100]])]);
    const options = {
      levels: { good: 80, attention: 60 },
      scoreLabel: '健康指数',
      formatTime: String,
    };
    const plain = healthChartOption(series, { ...options, showComponents: false });
    expect(plain.yAxis).toMatchObject({ min: 0, max: 100 });
    expect(plain.series.map((s) => s.name)).toEqual(['健康指数']);
    const bands = (plain.series[0]?.markArea as { data: Array<Array<{ yAxis: number }>> }).data;
    expect(bands.map(([from, to]) => [from?.yAxis, to?.yAxis])).toEqual([
      [80, 100],
      [60, 80],
      [0, 60],
    ]);
    expect(plain.xAxis).toMatchObject({ axisLabel: { formatter: { day: '{MM}-{dd}' } } });
    const detailed = healthChartOption(series, { ...options, showComponents: true });
    expect(detailed.series.map((s) => s.name)).toEqual(['健康指数', 'PH']);
  });
});
