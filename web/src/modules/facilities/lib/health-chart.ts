import {
  TIME_AXIS_LABELS,
  tooltipText,
  type Point,
  type TooltipParam,
} from '../../iot/lib/telemetry-chart';
import type { HealthComponent, HealthLevel, HealthModel, HealthPoint } from '../api/facilities-api';

export const LEVEL_COLORS: Readonly<Record<HealthLevel, string>> = {
  good: '#52c41a',
  attention: '#faad14',
  poor: '#f5222d',
  unknown: '#bfbfbf',
};

export interface WeightShare {
  key: string;
  name: string;
  weight: number;
  /** The component's part of the total weight, 0–1. */
  share: number;
  critical: boolean;
}

/** Weights as the model states them and as shares of the whole, largest first. */
export function weightShares(components: readonly HealthComponent[]): WeightShare[] {
  const total = components.reduce((sum, c) => sum + c.weight, 0);
  return components
    .map((c) => ({
      key: c.key,
      name: c.name,
      weight: c.weight,
      share: total > 0 ? c.weight / total : 0,
      critical: c.critical === true,
    }))
    .sort((a, b) => b.weight - a.weight);
}

/** Which level a score falls in, by the model's thresholds (as the server decides it). */
export function levelOf(score: number | null, levels: HealthModel['levels']): HealthLevel {
  if (score === null) return 'unknown';
  if (score >= levels.good) return 'good';
  if (score >= levels.attention) return 'attention';
  return 'poor';
}

export interface HealthSeries {
  score: Point[];
  components: Array<{ key: string; name: string; points: Point[] }>;
}

/** The history as one line for the index and one per component, in time order. */
export function historySeries(points: readonly HealthPoint[]): HealthSeries {
  const sorted = [...points]
    .map((p) => ({ ...p, time: Date.parse(p.ts) }))
    .filter((p) => !Number.isNaN(p.time))
    .sort((a, b) => a.time - b.time);
  const components = new Map<string, { key: string; name: string; points: Point[] }>();
  for (const point of sorted) {
    for (const c of point.components) {
      let line = components.get(c.key);
      if (!line) {
        line = { key: c.key, name: c.name, points: [] };
        components.set(c.key, line);
      }
      line.points.push([point.time, c.score]);
    }
  }
  return {
    score: sorted.map((p): Point => [p.time, p.score]),
    components: [...components.values()],
  };
}

export type HealthChartOption = {
  animation: boolean;
  grid: Record<string, number>;
  tooltip: Record<string, unknown>;
  legend: { show: boolean; top: number; type: 'scroll' };
  xAxis: Record<string, unknown>;
  yAxis: Record<string, unknown>;
  dataZoom: Array<Record<string, unknown>>;
  series: Array<Record<string, unknown> & { name: string; type: 'line'; data: Point[] }>;
};

/**
 * The index over time on a 0–100 axis, over coloured bands for the model's levels, with
 * the components' own scores as thin lines when asked for.
 */
export function healthChartOption(
  series: HealthSeries,
  options: {
    levels: HealthModel['levels'];
    scoreLabel: string;
    showComponents: boolean;
    formatTime: (time: number) => string;
    range?: { from: number; to: number };
  },
): HealthChartOption {
  const { levels, formatTime } = options;
  const band = (from: number, to: number, color: string) => [
    { yAxis: from, itemStyle: { color, opacity: 0.08 } },
    { yAxis: to },
  ];
  return {
    animation: false,
    grid: { left: 48, right: 24, top: 40, bottom: 64 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: TooltipParam | TooltipParam[]) =>
        tooltipText(Array.isArray(params) ? params : [params], null, formatTime),
    },
    legend: { show: options.showComponents, top: 4, type: 'scroll' },
    xAxis: {
      type: 'time',
      axisLabel: { hideOverlap: true, formatter: TIME_AXIS_LABELS },
      ...(options.range ? { min: options.range.from, max: options.range.to } : {}),
    },
    yAxis: { type: 'value', min: 0, max: 100 },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 20, bottom: 12 }],
    series: [
      {
        name: options.scoreLabel,
        type: 'line',
        data: series.score,
        showSymbol: series.score.length <= 60,
        connectNulls: false,
        lineStyle: { width: 2.5 },
        z: 3,
        markArea: {
          silent: true,
          data: [
            band(levels.good, 100, LEVEL_COLORS.good),
            band(levels.attention, levels.good, LEVEL_COLORS.attention),
            band(0, levels.attention, LEVEL_COLORS.poor),
          ],
        },
      },
      ...(options.showComponents
        ? series.components.map((c) => ({
            name: c.name,
            type: 'line' as const,
            data: c.points,
            showSymbol: false,
            connectNulls: false,
            lineStyle: { width: 1, type: 'dashed' },
          }))
        : []),
    ],
  };
}
