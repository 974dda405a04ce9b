import { describe, expect, it } from 'vitest';
import type { ThingModel } from '../api/iot-api';
import {
  aggregatePoints,
  autoMode,
  bucketCount,
  chartableProperties,
  lineChartOption,
  rawPoints,
  resolveMode,
  tooltipText,
} from './telemetry-chart';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-11-01T00:00:00Z');
const labels = { value: '水位', avg: '平均值', min: '最小值', max: '最大值' };
const formatTime = (time: number) => new Date(time).toISOString();

describe('choosing raw readings or an interval', () => {
  it('draws raw readings for short ranges', () => {
    expect(autoMode(T0, T0 + HOUR)).toBe('raw');
    expect(autoMode(T0, T0 + 6 * HOUR)).toBe('raw');
  });

  it('aggregates longer ranges with the finest interval that stays readable', () => {
    expect(autoMode(T0, T0 + 24 * HOUR)).toBe('1m');
    expect(autoMode(T0, T0 + 7 * DAY)).toBe('15m');
    expect(autoMode(T0, T0 + 30 * DAY)).toBe('1h');
    expect(autoMode(T0, T0 + 365 * DAY)).toBe('day');
    expect(autoMode(T0, T0 + 20 * 365 * DAY)).toBe('week');
  });

  it('keeps a choice the user made', () => {
    expect(resolveMode('month', T0, T0 + HOUR)).toBe('month');
    expect(resolveMode('auto', T0, T0 + HOUR)).toBe('raw');
  });

  it('counts the buckets an interval would give', () => {
    expect(bucketCount('1m', T0, T0 + DAY)).toBe(1_440);
    expect(bucketCount('1h', T0, T0 + DAY + 1)).toBe(25);
  });
});

describe('series shaping', () => {
  it('orders raw readings by time and turns booleans into 0/1', () => {
    expect(
      rawPoints([
        { ts: '2026-11-01T00:02:00Z', value: true },
        { ts: '2026-11-01T00:00:00Z', value: 1.5 },
        { ts: '2026-11-01T00:01:00Z', value: 'jammed' },
        { ts: 'not a time', value: 3 },
      ]),
    ).toEqual([
      [T0, 1.5],
      [T0 + 60_000, null],
      [T0 + 120_000, 1],
    ]);
  });

  it('splits buckets into avg, min and max lines, with gaps where a bucket is empty', () => {
    const points = aggregatePoints([
      { start: '2026-11-01T01:00:00Z', avg: 2, min: 1, max: 3, sum: 4, count: 2 },
      { start: '2026-11-01T00:00:00Z', avg: null, min: null, max: null, sum: null, count: 0 },
    ]);
    expect(points).toEqual({
      avg: [
        [T0, null],
        [T0 + HOUR, 2],
      ],
      min: [
        [T0, null],
        [T0 + HOUR, 1],
      ],
      max: [
        [T0, null],
        [T0 + HOUR, 3],
      ],
    });
  });

  it('charts numbers and booleans, not text', () => {
    const model = {
      intervalSeconds: 60,
      properties: [
        { key: 'level', name: '水位', type: 'number' },
        { key: 'floor', name: '楼层', type: 'integer' },
        { key: 'open', name: '开启', type: 'boolean' },
        { key: 'status', name: '状态', type: 'enum', values: ['a'] },
        { key: 'where', name: '位置', type: 'location' },
      ],
      events: [],
      commands: [],
    } as ThingModel;
    expect(chartableProperties(model).map((p) => p.key)).toEqual(['level', 'floor', 'open']);
  });
});

describe('chart option', () => {
  it('draws raw readings as one line named after the property', () => {
    const option = lineChartOption(
      { mode: 'raw', points: [[T0, 1]] },
      { labels, unit: 'm', formatTime },
    );
    expect(option.series).toHaveLength(1);
    expect(option.series[0]).toMatchObject({ name: '水位', type: 'line', data: [[T0, 1]] });
    expect(option.legend.show).toBe(false);
    expect(option.yAxis).toMatchObject({ type: 'value', name: 'm' });
    expect(option.xAxis).not.toHaveProperty('min');
  });

  it('shows the whole requested period, not just where readings are', () => {
    const option = lineChartOption(
      { mode: 'raw', points: [[T0 + HOUR, 1]] },
      { labels, formatTime, range: { from: T0, to: T0 + DAY } },
    );
    expect(option.xAxis).toMatchObject({ type: 'time', min: T0, max: T0 + DAY });
  });

  it('labels the time axis in numbers, never a bare day "4" or an English "Dec"', () => {
    const option = lineChartOption({ mode: 'raw', points: [[T0, 1]] }, { labels, formatTime });
    const axisLabel = option.xAxis.axisLabel as { formatter: Record<string, string> };
    expect(axisLabel.formatter).toMatchObject({ day: '{MM}-{dd}', month: '{yyyy}-{MM}' });
    expect(Object.values(axisLabel.formatter).join()).not.toMatch(/\{MMM|\{d\}|\{MMMM/);
  });

  it('draws aggregates as average with minimum and maximum', () => {
    const series = aggregatePoints([
      { start: '2026-11-01T00:00:00Z', avg: 2, min: 1, max: 3, sum: 2, count: 1 },
    ]);
    const option = lineChartOption({ mode: 'aggregate', series }, { labels, formatTime });
    expect(option.series.map((s) => s.name)).toEqual(['平均值', '最小值', '最大值']);
    expect(option.legend).toMatchObject({ show: true, data: ['平均值', '最小值', '最大值'] });
  });

  it('steps boolean lines between 0 and 1', () => {
    const option = lineChartOption(
      { mode: 'raw', points: [[T0, 0]] },
      { labels, boolean: true, formatTime },
    );
    expect(option.series[0]?.step).toBe('end');
    expect(option.yAxis).toMatchObject({ min: 0, max: 1 });
  });
});

describe('tooltip', () => {
  it('shows the time, then each series with its unit, escaping names', () => {
    const text = tooltipText(
      [
        { seriesName: '<b>水位</b>', marker: '●', value: [T0, 1.23456] },
        { seriesName: '最小值', marker: '○', value: [T0, null] },
      ],
      'm',
      formatTime,
    );
    expect(text).toBe(
      `${formatTime(T0)}<br/>●&#60;b&#62;水位&#60;/b&#62;: <b>1.235 m</b><br/>○最小值: <b>—</b>`,
    );
  });
});
