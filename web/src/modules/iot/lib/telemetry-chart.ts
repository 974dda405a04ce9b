import type {
  AggregateBucket,
  AggregateInterval,
  RawSeries,
  ThingModel,
  ThingProperty,
} from '../api/iot-api';

/** 'auto' picks raw readings or an interval from the range; the rest are the user's choice. */
export type ChartMode = 'auto' | 'raw' | AggregateInterval;
export type ResolvedMode = Exclude<ChartMode, 'auto'>;

export const CHART_MODES: readonly ChartMode[] = [
  'auto',
  'raw',
  '1m',
  '5m',
  '15m',
  '1h',
  'day',
  'week',
  'month',
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Ranges the picker offers in one click. */
export const RANGE_PRESETS = [
  { key: '1h', ms: HOUR },
  { key: '6h', ms: 6 * HOUR },
  { key: '24h', ms: DAY },
  { key: '7d', ms: 7 * DAY },
  { key: '30d', ms: 30 * DAY },
  { key: '1y', ms: 365 * DAY },
] as const;
export type RangePresetKey = (typeof RANGE_PRESETS)[number]['key'];

/** Up to this span raw readings are drawn as they came. */
export const RAW_MAX_SPAN_MS = 6 * HOUR;
/** How many raw readings one chart asks for (the endpoint allows 10,000). */
export const RAW_LIMIT = 5_000;
/** Aggregates are chosen so that a chart holds at most about this many buckets. */
export const TARGET_BUCKETS = 1_500;

const APPROX_INTERVAL_MS: ReadonlyArray<readonly [AggregateInterval, number]> = [
  ['1m', MINUTE],
  ['5m', 5 * MINUTE],
  ['15m', 15 * MINUTE],
  ['1h', HOUR],
  ['day', DAY],
  ['week', 7 * DAY],
  ['month', 30 * DAY],
];

/** Raw for short ranges; otherwise the finest interval that keeps the chart readable. */
export function autoMode(fromMs: number, toMs: number): ResolvedMode {
  const span = Math.max(0, toMs - fromMs);
  if (span <= RAW_MAX_SPAN_MS) return 'raw';
  for (const [interval, ms] of APPROX_INTERVAL_MS) {
    if (span / ms <= TARGET_BUCKETS) return interval;
  }
  return 'month';
}

export function resolveMode(mode: ChartMode, fromMs: number, toMs: number): ResolvedMode {
  return mode === 'auto' ? autoMode(fromMs, toMs) : mode;
}

/** Buckets a chosen interval would produce; the page warns before asking for too many. */
export function bucketCount(interval: AggregateInterval, fromMs: number, toMs: number): number {
  const ms = APPROX_INTERVAL_MS.find(([name]) => name === interval)?.[1] ?? MINUTE;
  return Math.ceil(Math.max(0, toMs - fromMs) / ms);
}

/** Properties a line chart can show: numbers, and booleans as 0/1. */
export function chartableProperties(model: ThingModel): ThingProperty[] {
  return model.properties.filter(
    (p) => p.type === 'number' || p.type === 'integer' || p.type === 'boolean',
  );
}

export type Point = [time: number, value: number | null];

function numeric(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/** Raw readings in time order; values a line cannot show become gaps. */
export function rawPoints(items: RawSeries['items']): Point[] {
  return items
    .map((item): Point => [Date.parse(item.ts), numeric(item.value)])
    .filter(([time]) => !Number.isNaN(time))
    .sort((a, b) => a[0] - b[0]);
}

export interface AggregatePoints {
  avg: Point[];
  min: Point[];
  max: Point[];
}

export function aggregatePoints(buckets: readonly AggregateBucket[]): AggregatePoints {
  const sorted = [...buckets]
    .map((b) => ({ ...b, time: Date.parse(b.start) }))
    .filter((b) => !Number.isNaN(b.time))
    .sort((a, b) => a.time - b.time);
  return {
    avg: sorted.map((b) => [b.time, b.count > 0 ? b.avg : null]),
    min: sorted.map((b) => [b.time, b.count > 0 ? b.min : null]),
    max: sorted.map((b) => [b.time, b.count > 0 ? b.max : null]),
  };
}

export interface ChartLabels {
  value: string;
  avg: string;
  min: string;
  max: string;
}

export type ChartData =
  { mode: 'raw'; points: Point[] } | { mode: 'aggregate'; series: AggregatePoints };

/** Plain ECharts option object (kept free of the echarts import so it is testable in Node). */
// A type alias, not an interface: ECharts wants an object with an index signature.
export type LineChartOption = {
  animation: boolean;
  grid: Record<string, number | string | boolean>;
  tooltip: Record<string, unknown>;
  legend: { show: boolean; data: string[]; top: number };
  xAxis: Record<string, unknown>;
  yAxis: Record<string, unknown>;
  dataZoom: Array<Record<string, unknown>>;
  series: Array<{
    name: string;
    type: 'line';
    data: Point[];
    showSymbol: boolean;
    connectNulls: boolean;
    step?: 'end';
    lineStyle?: Record<string, unknown>;
    itemStyle?: Record<string, unknown>;
    areaStyle?: Record<string, unknown>;
  }>;
};

/** What ECharts hands a tooltip formatter for one series at the hovered time. */
export interface TooltipParam {
  seriesName?: string;
  marker?: unknown;
  value?: unknown;
}

/**
 * Time-axis labels in numbers only. ECharts' own (no locale registered) print a new day as a
 * bare "4" and a new month as "Dec", English in the Chinese UI and unclear in both.
 */
export const TIME_AXIS_LABELS = {
  year: '{yyyy}',
  month: '{yyyy}-{MM}',
  day: '{MM}-{dd}',
  hour: '{HH}:{mm}',
  minute: '{HH}:{mm}',
  second: '{HH}:{mm}:{ss}',
  millisecond: '{HH}:{mm}:{ss}.{SSS}',
} as const;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The tooltip body: the time in city time, then one line per series (HTML, escaped). */
export function tooltipText(
  params: readonly TooltipParam[],
  unit: string | null | undefined,
  formatTime: (time: number) => string,
): string {
  const first = params[0]?.value;
  const time = Array.isArray(first) && typeof first[0] === 'number' ? first[0] : null;
  const lines = params.map((p) => {
    const value = Array.isArray(p.value) ? (p.value[1] as unknown) : null;
    const shown =
      typeof value === 'number'
        ? `${Math.round(value * 1000) / 1000}${unit ? ` ${unit}` : ''}`
        : '—';
    const marker = typeof p.marker === 'string' ? p.marker : '';
    return `${marker}${escapeHtml(p.seriesName ?? '')}: <b>${escapeHtml(shown)}</b>`;
  });
  return [time === null ? '' : escapeHtml(formatTime(time)), ...lines].join('<br/>');
}

export function pointCount(data: ChartData): number {
  return data.mode === 'raw' ? data.points.length : data.series.avg.length;
}

/**
 * A time line chart: raw readings as one line (stepped for booleans), aggregates as the
 * average with its minimum and maximum either side.
 */
export function lineChartOption(
  data: ChartData,
  options: {
    labels: ChartLabels;
    unit?: string | null;
    boolean?: boolean;
    formatTime: (time: number) => string;
    /** The requested period, so the axis shows it whole even where there is no data. */
    range?: { from: number; to: number };
  },
): LineChartOption {
  const { labels, unit, formatTime } = options;
  const yName = unit ?? '';
  const base = {
    animation: false,
    grid: { left: 56, right: 24, top: 40, bottom: 64, containLabel: false },
    tooltip: {
      trigger: 'axis',
      formatter: (params: TooltipParam | TooltipParam[]) =>
        tooltipText(Array.isArray(params) ? params : [params], unit, formatTime),
    },
    xAxis: {
      type: 'time',
      axisLabel: { hideOverlap: true, formatter: TIME_AXIS_LABELS },
      ...(options.range ? { min: options.range.from, max: options.range.to } : {}),
    },
    yAxis: {
      type: 'value',
      name: yName,
      scale: true,
      ...(options.boolean ? { min: 0, max: 1, interval: 1 } : {}),
    },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 20, bottom: 12 }],
  };
  if (data.mode === 'raw') {
    return {
      ...base,
      legend: { show: false, data: [labels.value], top: 4 },
      series: [
        {
          name: labels.value,
          type: 'line',
          data: data.points,
          showSymbol: data.points.length <= 60,
          connectNulls: false,
          ...(options.boolean ? { step: 'end' as const } : {}),
        },
      ],
    };
  }
  const faint = { width: 1, type: 'dashed', opacity: 0.8 };
  return {
    ...base,
    legend: { show: true, data: [labels.avg, labels.min, labels.max], top: 4 },
    series: [
      {
        name: labels.avg,
        type: 'line',
        data: data.series.avg,
        showSymbol: data.series.avg.length <= 60,
        connectNulls: false,
        lineStyle: { width: 2 },
      },
      {
        name: labels.min,
        type: 'line',
        data: data.series.min,
        showSymbol: false,
        connectNulls: false,
        lineStyle: faint,
      },
      {
        name: labels.max,
        type: 'line',
        data: data.series.max,
        showSymbol: false,
        connectNulls: false,
        lineStyle: faint,
      },
    ],
  };
}
