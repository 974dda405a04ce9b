/**
 * Working time on a holiday calendar, for deadlines counted in working hours or days.
 * Pure: a calendar is built from its configuration and answers from memory.
 *
 * Time zone: Asia/Shanghai has been UTC+8 without daylight saving since 1991, so a fixed
 * offset is exact and no time-zone database is needed.
 */

export interface HolidayRange {
  /** 元旦, 春节, 清明节 … */
  name: string;
  /** First and last day off, local dates `YYYY-MM-DD`, inclusive. */
  from: string;
  to: string;
}

export interface AdjustedWorkday {
  /** A Saturday or Sunday worked instead of a weekday given to a holiday (调休上班). */
  date: string;
  /** The holiday it makes up for. */
  for: string;
}

export interface CalendarYear {
  holidays: HolidayRange[];
  workdays: AdjustedWorkday[];
}

export interface WorkingPeriod {
  /** Local time `HH:MM`. */
  start: string;
  end: string;
}

export interface WorkCalendarConfig {
  /** Minutes east of UTC: 480 for Asia/Shanghai. */
  utcOffsetMinutes: number;
  /** The working periods of a working day, in order, e.g. 09:00–12:00 and 13:00–17:30. */
  periods: WorkingPeriod[];
  /** Per year (`"2026"`), the State Council's holidays and adjusted working days. */
  years: Record<string, CalendarYear>;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** No deadline is further away than this; a loop that gets there has a broken calendar. */
const MAX_DAYS = 3_660;

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

export class CalendarConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid work calendar: ${problems.join('; ')}`);
    this.name = 'CalendarConfigError';
  }
}

export class WorkCalendar {
  private readonly offsetMs: number;
  /** Working periods as [start, end) milliseconds after local midnight. */
  private readonly periods: Array<[number, number]>;
  private readonly daysOff = new Map<number, string>();
  private readonly daysOn = new Map<number, string>();

  constructor(readonly config: WorkCalendarConfig) {
    const problems = validateCalendarConfig(config);
    if (problems.length > 0) throw new CalendarConfigError(problems);
    this.offsetMs = config.utcOffsetMinutes * MINUTE;
    this.periods = config.periods.map((p) => [clockMs(p.start), clockMs(p.end)]);
    for (const year of Object.values(config.years)) {
      for (const holiday of year.holidays) {
        for (let day = dayNumber(holiday.from); day <= dayNumber(holiday.to); day++) {
          this.daysOff.set(day, holiday.name);
        }
      }
      for (const workday of year.workdays) this.daysOn.set(dayNumber(workday.date), workday.for);
    }
  }

  /** Working minutes in one working day (450 for 09:00–12:00 + 13:00–17:30). */
  get minutesPerDay(): number {
    return this.periods.reduce((sum, [s, e]) => sum + (e - s), 0) / MINUTE;
  }

  /** Years whose holidays are configured; other years count Monday–Friday only. */
  get configuredYears(): number[] {
    return Object.keys(this.config.years)
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** The local calendar date of an instant, `YYYY-MM-DD`. */
  localDate(at: Date): string {
    return dateOfDay(this.dayOf(at.getTime()));
  }

  /** Is the local day of `at` (or a `YYYY-MM-DD` date) a working day? */
  isWorkingDay(at: Date | string): boolean {
    const day = typeof at === 'string' ? dayNumber(at) : this.dayOf(at.getTime());
    return this.workingDay(day);
  }

  /** The holiday a date falls in, or null. */
  holidayOn(at: Date | string): string | null {
    const day = typeof at === 'string' ? dayNumber(at) : this.dayOf(at.getTime());
    return this.daysOff.get(day) ?? null;
  }

  /** Is `at` inside a working period of a working day? */
  isWorkingTime(at: Date): boolean {
    const local = at.getTime() + this.offsetMs;
    const day = Math.floor(local / DAY);
    if (!this.workingDay(day)) return false;
    const inDay = local - day * DAY;
    return this.periods.some(([s, e]) => inDay >= s && inDay < e);
  }

  /**
   * The instant `minutes` of working time after `start`. With 0 it is the earliest working
   * instant at or after `start`. A deadline that ends exactly when a period ends stays there
   * (Friday 17:30, not Monday 09:00).
   */
  addWorkingMinutes(start: Date, minutes: number): Date {
    if (!Number.isFinite(minutes) || minutes < 0) {
      throw new RangeError(`working minutes must be a finite number ≥ 0, got ${minutes}`);
    }
    let remaining = Math.round(minutes * MINUTE);
    const local = start.getTime() + this.offsetMs;
    let day = Math.floor(local / DAY);
    for (let i = 0; i < MAX_DAYS; i++, day++) {
      if (!this.workingDay(day)) continue;
      for (const [s, e] of this.periods) {
        const periodEnd = day * DAY + e;
        const from = Math.max(local, day * DAY + s);
        if (from >= periodEnd) continue;
        const available = periodEnd - from;
        if (remaining <= available) return new Date(from + remaining - this.offsetMs);
        remaining -= available;
      }
    }
    throw new RangeError(`no working time within ${MAX_DAYS} days of ${start.toISOString()}`);
  }

  addWorkingHours(start: Date, hours: number): Date {
    return this.addWorkingMinutes(start, hours * 60);
  }

  /**
   * The close of the `days`-th working day after the day of `start` (the day of receipt does
   * not count, as in "办结时限：受理之日起 N 个工作日"). With 0 it is the close of the start's day,
   * or of the next working day when that is a day off.
   */
  addWorkingDays(start: Date, days: number): Date {
    if (!Number.isInteger(days) || days < 0) {
      throw new RangeError(`working days must be a whole number ≥ 0, got ${days}`);
    }
    let day = this.dayOf(start.getTime());
    let counted = 0;
    let guard = 0;
    if (days === 0) {
      while (!this.workingDay(day)) {
        day++;
        if (++guard > MAX_DAYS) throw new RangeError('no working day ahead');
      }
    }
    while (counted < days) {
      day++;
      if (this.workingDay(day)) counted++;
      if (++guard > MAX_DAYS) throw new RangeError('no working day ahead');
    }
    const close = this.periods[this.periods.length - 1]?.[1] ?? DAY;
    return new Date(day * DAY + close - this.offsetMs);
  }

  /** Working minutes from `a` to `b` (negative when `b` is before `a`). */
  workingMinutesBetween(a: Date, b: Date): number {
    if (b.getTime() < a.getTime()) return -this.workingMinutesBetween(b, a);
    const from = a.getTime() + this.offsetMs;
    const to = b.getTime() + this.offsetMs;
    const firstDay = Math.floor(from / DAY);
    const lastDay = Math.floor(to / DAY);
    if (lastDay - firstDay > MAX_DAYS) {
      throw new RangeError(`span longer than ${MAX_DAYS} days`);
    }
    let total = 0;
    for (let day = firstDay; day <= lastDay; day++) {
      if (!this.workingDay(day)) continue;
      for (const [s, e] of this.periods) {
        const overlap = Math.min(to, day * DAY + e) - Math.max(from, day * DAY + s);
        if (overlap > 0) total += overlap;
      }
    }
    return total / MINUTE;
  }

  private dayOf(utcMs: number): number {
    return Math.floor((utcMs + this.offsetMs) / DAY);
  }

  private workingDay(day: number): boolean {
    if (this.daysOn.has(day)) return true;
    if (this.daysOff.has(day)) return false;
    const weekday = new Date(day * DAY).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }
}

/** Every problem with a configuration, so an admin can fix them in one go. */
export function validateCalendarConfig(config: WorkCalendarConfig): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(config.utcOffsetMinutes) || Math.abs(config.utcOffsetMinutes) > 14 * 60) {
    problems.push('utcOffsetMinutes must be a whole number of minutes within ±14 h');
  }
  if (config.periods.length === 0) problems.push('at least one working period is needed');
  let previousEnd = -1;
  for (const period of config.periods) {
    if (!timePattern.test(period.start) || !timePattern.test(period.end)) {
      problems.push(`working period ${period.start}–${period.end} must use HH:MM`);
      continue;
    }
    const s = clockMs(period.start);
    const e = clockMs(period.end);
    if (e <= s) problems.push(`working period ${period.start}–${period.end} ends before it starts`);
    if (s < previousEnd) problems.push(`working period ${period.start} overlaps the one before`);
    previousEnd = e;
  }
  for (const [year, entry] of Object.entries(config.years)) {
    if (!/^\d{4}$/.test(year)) problems.push(`year ${year} must be four digits`);
    for (const holiday of entry.holidays) {
      if (!isDate(holiday.from) || !isDate(holiday.to)) {
        problems.push(`${year} ${holiday.name}: dates must be valid YYYY-MM-DD`);
      } else if (holiday.to < holiday.from) {
        problems.push(`${year} ${holiday.name}: ends before it starts`);
      }
    }
    for (const workday of entry.workdays) {
      if (!isDate(workday.date)) {
        problems.push(`${year} adjusted working day ${workday.date} must be a valid YYYY-MM-DD`);
      }
    }
  }
  return problems;
}

function isDate(value: string): boolean {
  if (!datePattern.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

function clockMs(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return ((h ?? 0) * 60 + (m ?? 0)) * MINUTE;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
}

function dateOfDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}
