import type { CalendarYear, WorkCalendarConfig } from './work-calendar.ts';

/**
 * The State Council's holiday schedules (国务院办公厅关于部分节假日安排的通知) for 2025 and
 * 2026, as published. Later years are added by an administrator when they are announced
 * (PUT /api/v1/work-calendar).
 */
export const chinaHolidays: Record<string, CalendarYear> = {
  '2025': {
    holidays: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
      { name: '春节', from: '2025-01-28', to: '2025-02-04' },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
      { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
    ],
    workdays: [
      { date: '2025-01-26', for: '春节' },
      { date: '2025-02-08', for: '春节' },
      { date: '2025-04-27', for: '劳动节' },
      { date: '2025-09-28', for: '国庆节、中秋节' },
      { date: '2025-10-11', for: '国庆节、中秋节' },
    ],
  },
  '2026': {
    holidays: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
      { name: '春节', from: '2026-02-15', to: '2026-02-23' },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
    ],
    workdays: [
      { date: '2026-01-04', for: '元旦' },
      { date: '2026-02-14', for: '春节' },
      { date: '2026-02-28', for: '春节' },
      { date: '2026-05-09', for: '劳动节' },
      { date: '2026-09-20', for: '国庆节' },
      { date: '2026-10-10', for: '国庆节' },
    ],
  },
};

/** Government office hours in Shanghai: 09:00–12:00 and 13:00–17:30, UTC+8. */
export const defaultWorkCalendarConfig: WorkCalendarConfig = {
  utcOffsetMinutes: 8 * 60,
  periods: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '17:30' },
  ],
  years: chinaHolidays,
};
