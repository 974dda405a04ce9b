import type { CaseSummary } from '../api/cases-api';

export type DeadlineState = 'overdue' | 'near' | 'running' | 'none';

export interface DeadlineView {
  state: DeadlineState;
  /** Which step the clock runs for: 派遣, 处置 or 核查. */
  stage: NonNullable<CaseSummary['deadlineStage']> | null;
  /** Whole minutes to the deadline; negative once it has passed. */
  minutesLeft: number | null;
}

/** Under this much wall-clock time left a running deadline shows as near (amber). */
export const NEAR_MINUTES = 4 * 60;

/**
 * Where a case stands against its current deadline. The server's `overdue` flag wins (its
 * clock counts working hours on the holiday calendar); the minutes are plain wall-clock time
 * to the instant the server computed, which is what a person reading "2 小时后" expects.
 */
export function deadlineOf(
  c: Pick<CaseSummary, 'deadlineAt' | 'deadlineStage' | 'overdue' | 'suspended'>,
  now: Date,
): DeadlineView {
  if (!c.deadlineAt || !c.deadlineStage) {
    return { state: c.overdue ? 'overdue' : 'none', stage: null, minutesLeft: null };
  }
  const at = Date.parse(c.deadlineAt);
  if (Number.isNaN(at)) return { state: 'none', stage: c.deadlineStage, minutesLeft: null };
  const minutesLeft = Math.floor((at - now.getTime()) / 60_000);
  let state: DeadlineState = 'running';
  if (c.overdue || minutesLeft < 0) state = 'overdue';
  else if (minutesLeft <= NEAR_MINUTES) state = 'near';
  return { state, stage: c.deadlineStage, minutesLeft };
}

export interface Span {
  days: number;
  hours: number;
  minutes: number;
}

/** 1,500 minutes → 1 day 1 hour 0 minutes; only the two largest parts are ever shown. */
export function spanOf(totalMinutes: number): Span {
  const m = Math.abs(Math.trunc(totalMinutes));
  return { days: Math.floor(m / 1440), hours: Math.floor((m % 1440) / 60), minutes: m % 60 };
}

/** "1天2小时", "3小时5分", "12分" (zh) or "1d 2h", "3h 5m", "12m" (en). */
export function formatSpan(totalMinutes: number, locale: 'zh-CN' | 'en-US'): string {
  const { days, hours, minutes } = spanOf(totalMinutes);
  const units = locale === 'zh-CN' ? { d: '天', h: '小时', m: '分' } : { d: 'd ', h: 'h ', m: 'm' };
  const parts: string[] = [];
  if (days > 0) parts.push(`${days}${units.d}`, hours > 0 ? `${hours}${units.h}` : '');
  else if (hours > 0) parts.push(`${hours}${units.h}`, minutes > 0 ? `${minutes}${units.m}` : '');
  else parts.push(`${minutes}${units.m}`);
  return parts.join('').trim();
}

export const DEADLINE_COLORS: Readonly<Record<DeadlineState, string>> = {
  overdue: 'error',
  near: 'warning',
  running: 'processing',
  none: 'default',
};
