import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random.ts';
import { defaultWorkCalendarConfig } from './china-holidays.ts';
import { CalendarConfigError, WorkCalendar } from './work-calendar.ts';

const calendar = new WorkCalendar(defaultWorkCalendarConfig);
/** An instant written in Shanghai local time. */
const sh = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const local = (at: Date) =>
  new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('work calendar (Asia/Shanghai, 09:00–12:00 and 13:00–17:30)', () => {
  it('uses the fixed UTC+8 offset: 09:00 in Shanghai is 01:00 UTC, all year round', () => {
    expect(calendar.addWorkingHours(sh('2026-01-05 09:00'), 0).toISOString()).toBe(
      '2026-01-05T01:00:00.000Z',
    );
    // July: no daylight saving shifts the working day.
    expect(calendar.addWorkingHours(sh('2026-07-06 09:00'), 0).toISOString()).toBe(
      '2026-07-06T01:00:00.000Z',
    );
    expect(calendar.localDate(new Date('2026-07-06T16:30:00Z'))).toBe('2026-07-07');
    expect(calendar.minutesPerDay).toBe(450);
  });

  it('adds hours inside a day and skips the lunch break', () => {
    expect(local(calendar.addWorkingHours(sh('2026-11-23 10:00'), 2))).toBe('2026-11-23 12:00');
    expect(local(calendar.addWorkingHours(sh('2026-11-23 10:00'), 3))).toBe('2026-11-23 14:00');
    expect(local(calendar.addWorkingHours(sh('2026-11-23 12:30'), 0.5))).toBe('2026-11-23 13:30');
  });

  it('stops at the close of a period instead of jumping to the next morning', () => {
    expect(local(calendar.addWorkingHours(sh('2026-11-20 15:30'), 2))).toBe('2026-11-20 17:30');
  });

  it('carries over the weekend', () => {
    expect(local(calendar.addWorkingHours(sh('2026-11-20 16:30'), 2))).toBe('2026-11-23 10:00');
  });

  it('starts outside working time at the next working instant', () => {
    expect(local(calendar.addWorkingHours(sh('2026-11-22 20:00'), 0))).toBe('2026-11-23 09:00');
    expect(local(calendar.addWorkingHours(sh('2026-11-23 07:00'), 1))).toBe('2026-11-23 10:00');
    expect(local(calendar.addWorkingHours(sh('2026-11-23 18:00'), 1))).toBe('2026-11-24 10:00');
  });

  it('skips a whole holiday: 国庆节 2026 (10-01 to 10-07)', () => {
    expect(local(calendar.addWorkingHours(sh('2026-09-30 16:00'), 2))).toBe('2026-10-08 09:30');
    expect(calendar.holidayOn('2026-10-05')).toBe('国庆节');
    expect(calendar.isWorkingDay('2026-10-05')).toBe(false);
  });

  it('counts an adjusted Saturday (调休) as a working day', () => {
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(local(calendar.addWorkingHours(sh('2026-10-09 17:00'), 1))).toBe('2026-10-10 09:30');
    // 2026-02-14 is a Saturday worked before 春节; the holiday runs to 02-23.
    expect(local(calendar.addWorkingHours(sh('2026-02-13 17:00'), 1))).toBe('2026-02-14 09:30');
    expect(local(calendar.addWorkingHours(sh('2026-02-14 17:00'), 1))).toBe('2026-02-24 09:30');
    // 2025-01-26 is a Sunday worked before 春节 2025.
    expect(calendar.isWorkingDay('2025-01-26')).toBe(true);
    expect(calendar.isWorkingDay('2025-01-25')).toBe(false);
  });

  it('treats a holiday on a weekday as a day off (元旦 2026 is a Thursday)', () => {
    expect(calendar.isWorkingDay('2026-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-04')).toBe(true); // Sunday, made up for 元旦
    expect(local(calendar.addWorkingHours(sh('2025-12-31 17:00'), 1))).toBe('2026-01-04 09:30');
  });

  it('adds working days: the close of the N-th working day after the day of receipt', () => {
    expect(local(calendar.addWorkingDays(sh('2026-11-20 10:00'), 1))).toBe('2026-11-23 17:30');
    expect(local(calendar.addWorkingDays(sh('2026-11-23 10:00'), 5))).toBe('2026-11-30 17:30');
    expect(local(calendar.addWorkingDays(sh('2026-09-30 10:00'), 1))).toBe('2026-10-08 17:30');
    expect(local(calendar.addWorkingDays(sh('2026-10-09 10:00'), 1))).toBe('2026-10-10 17:30');
    expect(local(calendar.addWorkingDays(sh('2025-01-24 10:00'), 1))).toBe('2025-01-26 17:30');
    expect(local(calendar.addWorkingDays(sh('2026-11-21 10:00'), 0))).toBe('2026-11-23 17:30');
  });

  it('measures working minutes between two instants, negative backwards', () => {
    expect(calendar.workingMinutesBetween(sh('2026-11-23 08:00'), sh('2026-11-23 18:00'))).toBe(
      450,
    );
    expect(calendar.workingMinutesBetween(sh('2026-11-20 17:00'), sh('2026-11-23 09:30'))).toBe(60);
    expect(calendar.workingMinutesBetween(sh('2026-11-23 09:30'), sh('2026-11-20 17:00'))).toBe(
      -60,
    );
    // 09-30 and 10-08 are working days; 10-01 to 10-07 are not.
    expect(calendar.workingMinutesBetween(sh('2026-09-30 09:00'), sh('2026-10-08 17:30'))).toBe(
      900,
    );
    expect(calendar.workingMinutesBetween(sh('2026-11-22 09:00'), sh('2026-11-22 17:00'))).toBe(0);
  });

  it('is consistent: the working time between start and start + m is m', () => {
    const random = mulberry32(7);
    const base = sh('2025-01-01 00:00').getTime();
    for (let i = 0; i < 500; i++) {
      const start = new Date(base + Math.floor(random() * 720 * 86_400_000));
      const minutes = Math.floor(random() * 450 * 12);
      const end = calendar.addWorkingMinutes(start, minutes);
      expect(end.getTime()).toBeGreaterThanOrEqual(start.getTime());
      expect(calendar.workingMinutesBetween(start, end)).toBeCloseTo(minutes, 6);
    }
  });

  it('counts Monday–Friday in years nobody configured yet', () => {
    expect(calendar.configuredYears).toEqual([2025, 2026]);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(true);
    expect(calendar.isWorkingDay('2027-01-02')).toBe(false);
  });

  it('takes other working hours and refuses a broken configuration, naming each problem', () => {
    const short = new WorkCalendar({
      ...defaultWorkCalendarConfig,
      periods: [{ start: '08:30', end: '16:30' }],
    });
    expect(local(short.addWorkingHours(sh('2026-11-23 16:00'), 1))).toBe('2026-11-24 09:00');
    expect(
      () =>
        new WorkCalendar({
          utcOffsetMinutes: 480,
          periods: [
            { start: '13:00', end: '12:00' },
            { start: '09:00', end: '25:00' },
          ],
          years: {
            '2026': {
              holidays: [{ name: 'x', from: '2026-02-30', to: '2026-03-01' }],
              workdays: [],
            },
          },
        }),
    ).toThrow(CalendarConfigError);
    expect(() => calendar.addWorkingHours(new Date(), -1)).toThrow(RangeError);
  });
});
