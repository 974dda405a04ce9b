import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../auth/actor.ts';
import type { HttpServer } from '../http/http-server.ts';
import { Problem, problemResponses } from '../http/problem.ts';
import { authenticated } from '../http/request-actor.ts';
import type { WorkCalendarService } from './work-calendar.service.ts';

const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Clock = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$' });
const Year = Type.Object(
  {
    holidays: Type.Array(
      Type.Object(
        { name: Type.String({ minLength: 1, maxLength: 40 }), from: LocalDate, to: LocalDate },
        { additionalProperties: false },
      ),
      { maxItems: 60 },
    ),
    workdays: Type.Array(
      Type.Object(
        { date: LocalDate, for: Type.String({ minLength: 1, maxLength: 40 }) },
        { additionalProperties: false },
      ),
      { maxItems: 60 },
    ),
  },
  { additionalProperties: false },
);
const Config = Type.Object(
  {
    utcOffsetMinutes: Type.Integer({ minimum: -840, maximum: 840 }),
    periods: Type.Array(
      Type.Object({ start: Clock, end: Clock }, { additionalProperties: false }),
      { minItems: 1, maxItems: 6 },
    ),
    years: Type.Record(Type.String({ pattern: '^\\d{4}$' }), Year),
  },
  { additionalProperties: false },
);
const View = Type.Object(
  { ...Config.properties, revision: Type.Integer(), minutesPerDay: Type.Number() },
  { $id: 'WorkCalendar' },
);
const bearer = [{ bearer: [] }];

/** Reading the work calendar (any staff) and replacing it or one year (administrators). */
export function registerWorkCalendarRoutes(
  app: HttpServer,
  deps: {
    calendar: WorkCalendarService;
    authorize: (request: FastifyRequest, action: string) => Actor;
  },
): void {
  const { calendar } = deps;

  app.get(
    '/api/v1/work-calendar',
    {
      schema: {
        tags: ['platform'],
        summary:
          'Working hours, statutory holidays and adjusted working days (调休) per year (any signed-in account)',
        security: bearer,
        response: { 200: View, ...problemResponses },
      },
    },
    async (request) => {
      // Office hours and public holidays are public facts; any signed-in account may read them.
      authenticated(request);
      await calendar.refresh();
      return calendar.view();
    },
  );

  app.put(
    '/api/v1/work-calendar',
    {
      schema: {
        tags: ['platform'],
        summary: 'Replace the work calendar (working hours and every year)',
        security: bearer,
        body: Config,
        response: { 200: View, ...problemResponses, 422: Problem },
      },
    },
    async (request) => {
      const actor = deps.authorize(request, 'calendar.manage');
      await calendar.replace(actor, request.body);
      return calendar.view();
    },
  );

  app.put(
    '/api/v1/work-calendar/years/:year',
    {
      schema: {
        tags: ['platform'],
        summary:
          'Set one year’s holidays and adjusted working days, as the State Council announces them',
        security: bearer,
        params: Type.Object(
          { year: Type.String({ pattern: '^\\d{4}$' }) },
          { additionalProperties: false },
        ),
        body: Year,
        response: { 200: View, ...problemResponses, 422: Problem },
      },
    },
    async (request) => {
      const actor = deps.authorize(request, 'calendar.manage');
      await calendar.setYear(actor, request.params.year, request.body);
      return calendar.view();
    },
  );
}
