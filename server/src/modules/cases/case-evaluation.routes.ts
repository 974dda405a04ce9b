import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import { evaluationCsv, evaluationFileName } from './case-evaluation.csv.ts';
import {
  evaluationGroupings,
  evaluationIntervals,
  type CaseEvaluationService,
  type Evaluation,
} from './case-evaluation.service.ts';
import { Nullable, StringEnum } from './case.schemas.ts';

const Rate = (what: string) =>
  Nullable(Type.Number({ minimum: 0, maximum: 1, description: `${what}; null when 0/0` }));
const Count = (what: string) => Type.Integer({ minimum: 0, description: what });
const Hours = (what: string) => Nullable(Type.Number({ minimum: 0, description: what }));

const EvaluationRowSchema = Type.Object(
  {
    key: Type.String({
      description:
        'department id (or `grid` 网格自处置, `unassigned` 未派遣), region id, or the bucket start YYYY-MM-DD; `total` for 合计',
    }),
    name: Type.String(),
    received: Count('受理数: cases received in the window'),
    registered: Count('立案数: of them registered'),
    registrationRate: Rate('立案率 = registered / received'),
    closed: Count('结案数: registered and closed now'),
    closureRate: Rate('结案率 = closed / registered'),
    closedOnTime: Count('按期结案数: closed with no deadline ever missed'),
    onTimeClosureRate: Rate('按期结案率 = closedOnTime / closed'),
    handled: Count('处置数: dispatched at least once'),
    rework: Count('返工数: handled and returned, failed verification or re-opened after closing'),
    reworkRate: Rate('返工率 = rework / handled'),
    firstTimeClosed: Count('一次完成数: closed without return, failed verification or re-opening'),
    firstTimeRate: Rate('一次完成率 = firstTimeClosed / closed'),
    avgHandleHours: Hours('mean calendar hours, last dispatch → last report back (派遣 → 反馈)'),
    avgCloseHours: Hours('mean calendar hours, last report back → close (反馈 → 结案)'),
  },
  { additionalProperties: false },
);

const EvaluationSchema = Type.Object(
  {
    groupBy: StringEnum(evaluationGroupings),
    interval: Nullable(StringEnum(evaluationIntervals)),
    region: Type.Object({ id: Type.String(), name: Type.String(), level: Type.String() }),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time', description: 'exclusive' }),
    timeZone: Type.String({ description: 'days, weeks (from Monday) and months are local to it' }),
    hours: Type.Literal('calendar', { description: 'handling times count elapsed hours' }),
    rows: Type.Array(EvaluationRowSchema),
    total: EvaluationRowSchema,
  },
  { additionalProperties: false },
);

const EvaluationQuerySchema = Type.Object(
  {
    groupBy: StringEnum(
      evaluationGroupings,
      'department · region (the children of regionId) · period',
    ),
    regionId: Type.Optional(
      Type.String({
        maxLength: 32,
        description: 'city, district, street or grid; default: your own scope',
      }),
    ),
    from: Type.Optional(
      Type.String({
        maxLength: 40,
        description:
          'YYYY-MM-DD (that day in Shanghai) or ISO date-time; default: 29 days before today',
      }),
    ),
    to: Type.Optional(
      Type.String({
        maxLength: 40,
        description: 'YYYY-MM-DD (through that day) or ISO date-time (exclusive); default: now',
      }),
    ),
    interval: Type.Optional(StringEnum(evaluationIntervals, 'period buckets; default day')),
    format: Type.Optional(StringEnum(['json', 'csv'] as const, 'or send Accept: text/csv')),
  },
  { additionalProperties: false },
);

/** GET /api/v1/case-evaluation: the figures as JSON, or as a CSV file for Excel. */
export function registerCaseEvaluationRoutes(
  app: HttpServer,
  deps: { evaluation: CaseEvaluationService },
): void {
  app.get(
    '/api/v1/case-evaluation',
    {
      schema: {
        tags: ['cases'],
        summary:
          '考核评价: 受理数, 立案率, 结案率, 按期结案率, 返工率, 一次完成率 and handling hours per department, region or period',
        description:
          'Counts the cases received in [from, to) inside the region (and your region scope), each as it stands now. ' +
          '`format=csv` or `Accept: text/csv` returns the same as UTF-8 CSV with a BOM and Chinese headers (percentages), ' +
          'one line per group and a last line 合计. from ≥ to → 400 invalid_range; an unknown groupBy → 400; a region outside your scope → 403.',
        security: [{ bearer: [] }],
        querystring: EvaluationQuerySchema,
        response: {
          200: {
            description: 'The evaluation',
            content: {
              'application/json': { schema: EvaluationSchema },
              'text/csv': { schema: Type.String({ description: 'UTF-8 with BOM' }) },
            },
          },
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const actor = authenticated(request);
      const { format, ...query } = request.query;
      const evaluation = await deps.evaluation.evaluate(actor, query);
      const wantsCsv = format === 'csv' || (!format && prefersCsv(request.headers.accept));
      if (wantsCsv) {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${evaluationFileName(evaluation)}"`)
          .send(evaluationCsv(evaluation));
      }
      return reply.type('application/json').send(present(evaluation));
    },
  );
}

function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const csv = accept.indexOf('text/csv');
  const json = accept.indexOf('application/json');
  return csv >= 0 && (json < 0 || csv < json);
}

function present(evaluation: Evaluation) {
  return { ...evaluation, from: evaluation.from.toISOString(), to: evaluation.to.toISOString() };
}
