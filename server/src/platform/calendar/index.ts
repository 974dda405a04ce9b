/** The work calendar: working hours on a holiday calendar, for deadlines (SLA). */
export {
  WorkCalendar,
  CalendarConfigError,
  validateCalendarConfig,
  type CalendarYear,
  type WorkCalendarConfig,
  type WorkingPeriod,
} from './work-calendar.ts';
export { chinaHolidays, defaultWorkCalendarConfig } from './china-holidays.ts';
export { WorkCalendarService } from './work-calendar.service.ts';
export { registerWorkCalendarRoutes } from './work-calendar.routes.ts';
