import type { EChartsCoreOption } from 'echarts/core';
import type { Sample } from './live-series';

/** The screen's chart palette: cyan on navy, amber and red only for what needs attention. */
export const SCREEN_COLORS = {
  text: '#b6d4fe',
  axis: 'rgba(94, 200, 255, 0.35)',
  split: 'rgba(94, 200, 255, 0.12)',
  accent: '#38bdf8',
  online: '#22c55e',
  offline: '#64748b',
  alerting: '#ef4444',
  warn: '#f59e0b',
  series: ['#38bdf8', '#22d3ee', '#a78bfa', '#34d399', '#f59e0b', '#f472b6', '#60a5fa', '#facc15'],
} as const;

/** "87.5%"; a rate nobody can compute yet (nothing due, no devices) is a dash, never 0 %. */
export function formatPercent(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(rate * 100).toFixed(digits)}%`;
}

export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
}

export function gaugeOption(rate: number | null, label: string): EChartsCoreOption {
  const value = rate === null ? 0 : Math.round(rate * 1000) / 10;
  return {
    animationDurationUpdate: 600,
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        radius: '92%',
        center: ['50%', '58%'],
        startAngle: 210,
        endAngle: -30,
        progress: { show: true, width: 12, itemStyle: { color: SCREEN_COLORS.online } },
        axisLine: { lineStyle: { width: 12, color: [[1, 'rgba(94, 200, 255, 0.15)']] } },
        axisTick: { show: false },
        splitLine: { length: 6, lineStyle: { color: SCREEN_COLORS.axis } },
        axisLabel: { color: SCREEN_COLORS.text, distance: 16, fontSize: 11 },
        pointer: { show: false },
        anchor: { show: false },
        title: { offsetCenter: [0, '38%'], color: SCREEN_COLORS.text, fontSize: 13 },
        detail: {
          offsetCenter: [0, '0%'],
          valueAnimation: true,
          fontSize: 30,
          fontWeight: 600,
          color: '#e0f2fe',
          formatter: rate === null ? '—' : '{value}%',
        },
        data: [{ value, name: label }],
      },
    ],
  };
}

/** The live line shows the last few minutes, growing from the right as samples arrive. */
export const LIVE_WINDOW_MS = 5 * 60_000;

export function liveLineOption(samples: readonly Sample[], name: string): EChartsCoreOption {
  const last = samples.at(-1)?.t;
  return {
    animation: false,
    grid: { left: 44, right: 12, top: 16, bottom: 24 },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'time',
      // Without bounds one sample would stretch the axis over days.
      ...(last === undefined ? {} : { min: last - LIVE_WINDOW_MS, max: last }),
      axisLine: { lineStyle: { color: SCREEN_COLORS.axis } },
      axisLabel: { color: SCREEN_COLORS.text, fontSize: 10, hideOverlap: true },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      axisLabel: { color: SCREEN_COLORS.text, fontSize: 10 },
      splitLine: { lineStyle: { color: SCREEN_COLORS.split } },
    },
    series: [
      {
        type: 'line',
        name,
        showSymbol: samples.length < 3,
        smooth: true,
        lineStyle: { color: SCREEN_COLORS.accent, width: 2 },
        itemStyle: { color: SCREEN_COLORS.accent },
        areaStyle: { color: 'rgba(56, 189, 248, 0.18)' },
        data: samples.map((s) => [s.t, s.v]),
      },
    ],
  };
}

export interface NamedCount {
  name: string;
  value: number;
}

/** Horizontal bars, largest on top, at most `limit` of them (the rest would be unreadable). */
export function barOption(
  items: readonly NamedCount[],
  color: string,
  limit = 8,
): EChartsCoreOption {
  const top = [...items]
    .sort((a, b) => b.value - a.value)
    .slice(0, limit)
    .reverse();
  return {
    animationDurationUpdate: 500,
    grid: { left: 8, right: 40, top: 4, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      data: top.map((i) => i.name),
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: SCREEN_COLORS.text, fontSize: 11, width: 110, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        data: top.map((i) => i.value),
        barMaxWidth: 12,
        itemStyle: { color, borderRadius: [0, 6, 6, 0] },
        label: { show: true, position: 'right', color: SCREEN_COLORS.text, fontSize: 11 },
      },
    ],
  };
}

export function pieOption(items: readonly NamedCount[]): EChartsCoreOption {
  return {
    animationDurationUpdate: 500,
    color: [...SCREEN_COLORS.series],
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: {
      orient: 'vertical',
      right: 0,
      top: 'middle',
      itemWidth: 10,
      itemHeight: 10,
      textStyle: { color: SCREEN_COLORS.text, fontSize: 11 },
    },
    series: [
      {
        type: 'pie',
        radius: ['45%', '72%'],
        center: ['32%', '50%'],
        label: { show: false },
        itemStyle: { borderColor: '#04122a', borderWidth: 2 },
        data: items.filter((i) => i.value > 0).map((i) => ({ name: i.name, value: i.value })),
      },
    ],
  };
}
