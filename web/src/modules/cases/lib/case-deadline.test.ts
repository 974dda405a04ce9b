import { describe, expect, it } from 'vitest';
import { deadlineOf, formatSpan, NEAR_MINUTES, spanOf } from './case-deadline';

const now = new Date('2026-11-23T01:00:00Z');
const inMinutes = (m: number) => new Date(now.getTime() + m * 60_000).toISOString();
const running = (deadlineAt: string | null, more = {}) => ({
  deadlineAt,
  deadlineStage: deadlineAt ? ('handle' as const) : null,
  overdue: false,
  suspended: false,
  ...more,
});

describe('a case against its deadline', () => {
  it('runs, comes near, and passes', () => {
    expect(deadlineOf(running(inMinutes(NEAR_MINUTES + 1)), now)).toEqual({
      state: 'running',
      stage: 'handle',
      minutesLeft: NEAR_MINUTES + 1,
    });
    expect(deadlineOf(running(inMinutes(30)), now).state).toBe('near');
    expect(deadlineOf(running(inMinutes(-90)), now)).toEqual({
      state: 'overdue',
      stage: 'handle',
      minutesLeft: -90,
    });
  });

  it('trusts the server’s overdue flag (working hours) over the wall clock', () => {
    expect(deadlineOf(running(inMinutes(600), { overdue: true }), now).state).toBe('overdue');
    expect(deadlineOf(running(null, { overdue: true }), now).state).toBe('overdue');
  });

  it('has no deadline before 立案 and after 结案', () => {
    expect(deadlineOf(running(null), now)).toEqual({
      state: 'none',
      stage: null,
      minutesLeft: null,
    });
  });
});

describe('spans of time', () => {
  it('split into days, hours and minutes, whatever the sign', () => {
    expect(spanOf(1500)).toEqual({ days: 1, hours: 1, minutes: 0 });
    expect(spanOf(-61)).toEqual({ days: 0, hours: 1, minutes: 1 });
  });

  it('show the two largest parts', () => {
    expect(formatSpan(1500, 'zh-CN')).toBe('1天1小时');
    expect(formatSpan(2880, 'zh-CN')).toBe('2天');
    expect(formatSpan(185, 'zh-CN')).toBe('3小时5分');
    expect(formatSpan(12, 'zh-CN')).toBe('12分');
    expect(formatSpan(-185, 'en-US')).toBe('3h 5m');
    expect(formatSpan(120, 'en-US')).toBe('2h');
  });
});
