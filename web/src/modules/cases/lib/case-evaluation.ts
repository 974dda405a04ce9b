import type { EvaluationQuery } from '../api/cases-api';

export const EVALUATION_GROUPS = ['department', 'region', 'period'] as const;
export type EvaluationGroup = (typeof EVALUATION_GROUPS)[number];
export const EVALUATION_INTERVALS = ['day', 'week', 'month'] as const;
export type EvaluationInterval = (typeof EVALUATION_INTERVALS)[number];

/** The evaluation page's choices; they live in the URL so a link shows the same table. */
export interface EvaluationParams {
  groupBy: EvaluationGroup;
  region?: string;
  /** YYYY-MM-DD, days in Shanghai, both ends included. */
  from?: string;
  to?: string;
  interval: EvaluationInterval;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.find((v) => v === value);

export function readEvaluationParams(params: URLSearchParams): EvaluationParams {
  const read: EvaluationParams = {
    groupBy: oneOf(EVALUATION_GROUPS, params.get('groupBy')) ?? 'department',
    interval: oneOf(EVALUATION_INTERVALS, params.get('interval')) ?? 'day',
  };
  const region = params.get('region')?.trim();
  if (region) read.region = region;
  const from = params.get('from');
  const to = params.get('to');
  if (from && DAY.test(from)) read.from = from;
  if (to && DAY.test(to)) read.to = to;
  // A range given backwards is read the right way round rather than refused.
  if (read.from && read.to && read.from > read.to) [read.from, read.to] = [read.to, read.from];
  return read;
}

export function writeEvaluationParams(choice: EvaluationParams): URLSearchParams {
  const params = new URLSearchParams({ groupBy: choice.groupBy });
  if (choice.region) params.set('region', choice.region);
  if (choice.from) params.set('from', choice.from);
  if (choice.to) params.set('to', choice.to);
  if (choice.groupBy === 'period' && choice.interval !== 'day') {
    params.set('interval', choice.interval);
  }
  return params;
}

export function evaluationQuery(choice: EvaluationParams): EvaluationQuery {
  return {
    groupBy: choice.groupBy,
    ...(choice.region ? { regionId: choice.region } : {}),
    ...(choice.from ? { from: choice.from } : {}),
    ...(choice.to ? { to: choice.to } : {}),
    ...(choice.groupBy === 'period' ? { interval: choice.interval } : {}),
  };
}

/** 0.875 → "87.5%", 1 → "100%"; a rate of 0/0 is shown as a dash, not as 0. */
export function formatRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  const percent = Math.round(rate * 1000) / 10;
  return `${percent}%`;
}

export function formatHours(hours: number | null): string {
  if (hours === null || !Number.isFinite(hours)) return '—';
  return hours >= 100 ? String(Math.round(hours)) : (Math.round(hours * 10) / 10).toFixed(1);
}

/** The file name from `Content-Disposition: attachment; filename="…"`, else a plain one. */
export function csvFileName(disposition: string | null, choice: EvaluationParams): string {
  const match = disposition?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
  if (match?.[1]) return decodeURIComponent(match[1]);
  return `case-evaluation-${choice.groupBy}.csv`;
}

/** Rows that can be opened one level down: a region row shows its children's figures. */
export function drillRegion(groupBy: EvaluationGroup, key: string): string | null {
  return groupBy === 'region' && key !== 'total' ? key : null;
}
