import { Type } from 'typebox';
import type { Actor } from '../../platform/auth/actor.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Problem, problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import type { RegionScope } from '../regions/index.ts';
import type { CaseCatalog } from './case-catalog.service.ts';
import type { CaseIntakeWorkflow } from './case-intake.workflow.ts';
import type { CaseQueryService } from './case-query.service.ts';
import type { CaseTransitionWorkflow } from './case-transition.workflow.ts';
import type { CaseSource } from './case-workflow.ts';
import { presentCase, presentDetail, presentDuplicate } from './case.presenter.ts';
import {
  CaseDetail,
  CaseView,
  DuplicateQuery,
  DuplicateView,
  IntakeBody,
  LevelSchema,
  QueueSchema,
  SourceSchema,
  StageSchema,
  StringEnum,
  TransitionBody,
} from './case.schemas.ts';

const IdParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
const bearer = [{ bearer: [] }];
const unprocessable = { 409: Problem, 422: Problem };

export interface CaseRouteDeps {
  intake: CaseIntakeWorkflow;
  transitions: CaseTransitionWorkflow;
  queries: CaseQueryService;
  catalog: CaseCatalog;
  regions: RegionScope;
}

/** Intake, lists and queues, detail with timeline, and the one transitions endpoint. */
export function registerCaseRoutes(app: HttpServer, deps: CaseRouteDeps): void {
  const { intake, transitions, queries, catalog, regions } = deps;

  app.post(
    '/api/v1/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Report a problem (信息采集): grid worker, 12345 hotline, citizen',
        description:
          'Locates the point to its grid, checks the class, and returns open cases of the same class nearby as possibleDuplicates. ' +
          'Unknown class → 422 unknown_class; a point outside the city → 422 outside_city.',
        security: bearer,
        body: IntakeBody,
        response: {
          201: Type.Object({ case: CaseView, possibleDuplicates: Type.Array(DuplicateView) }),
          ...problemResponses,
          ...unprocessable,
        },
      },
    },
    async (request, reply) => {
      const actor = authenticated(request);
      const { source, ...body } = request.body;
      const result = await intake.intake(actor, { ...body, source: sourceFor(actor, source) });
      return reply.status(201).send({
        case: presentCase(result.case, catalog, regions, { revealContact: true }),
        possibleDuplicates: result.possibleDuplicates.map(presentDuplicate),
      });
    },
  );

  app.get(
    '/api/v1/cases/possible-duplicates',
    {
      schema: {
        tags: ['cases'],
        summary: 'Before reporting: open cases of the same class nearby (possible duplicates)',
        description:
          'The same check intake makes, without storing anything, so the reporter can say whether it is the same problem. ' +
          'Send the ids shown as notDuplicateOf when reporting anyway. Unknown class → 422 unknown_class; outside the city → 422 outside_city.',
        security: bearer,
        querystring: DuplicateQuery,
        response: {
          200: Type.Object({ possibleDuplicates: Type.Array(DuplicateView) }),
          ...problemResponses,
          ...unprocessable,
        },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const found = await intake.previewDuplicates(actor, {
        ...request.query,
        source: sourceFor(actor, undefined),
      });
      return { possibleDuplicates: found.map(presentDuplicate) };
    },
  );

  app.get(
    '/api/v1/cases',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Cases in your region scope, filtered; queues for each role; citizens see their own',
        security: bearer,
        querystring: Type.Object(
          {
            queue: Type.Optional(QueueSchema),
            mine: Type.Optional(Type.Boolean({ description: 'Only the cases I reported' })),
            stage: Type.Optional(Type.Array(StageSchema, { maxItems: 10 })),
            classId: Type.Optional(Type.String({ maxLength: 16 })),
            regionId: Type.Optional(
              Type.String({
                maxLength: 32,
                description: 'A district, street or grid: its subtree',
              }),
            ),
            source: Type.Optional(SourceSchema),
            overdue: Type.Optional(Type.Boolean()),
            supervised: Type.Optional(Type.Boolean()),
            suspended: Type.Optional(Type.Boolean()),
            escalationLevel: Type.Optional(LevelSchema),
            assigneeDepartmentId: Type.Optional(Type.String({ maxLength: 64 })),
            q: Type.Optional(
              Type.String({
                maxLength: 100,
                description: 'Number, description or address contains',
              }),
            ),
            sort: Type.Optional(StringEnum(['newest', 'deadline'] as const)),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(CaseView), ...problemResponses },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const { stage, q, ...rest } = request.query;
      const { rows, total } = await queries.list(actor, { ...rest, stages: stage, text: q });
      await catalog.refresh();
      return {
        items: rows.map((row) => presentCase(row, catalog, regions)),
        total,
        limit: request.query.limit,
        offset: request.query.offset,
      };
    },
  );

  app.get(
    '/api/v1/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary:
          'One case with its timeline, photos, reporters, the actions open now and (before dispatch) the suggested department and possible duplicates',
        security: bearer,
        params: IdParams,
        response: { 200: CaseDetail, ...problemResponses },
      },
    },
    async (request) => {
      const detail = await queries.get(authenticated(request), request.params.id);
      return presentDetail(detail, catalog, regions);
    },
  );

  app.post(
    '/api/v1/cases/:id/transitions',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Move a case: register, reject, merge, dispatch, accept, return, report_back, request_verification, verify, fail_verification, close, reopen, extensions, suspend/resume, supervise, escalate',
        description:
          'Send the version you read as expectedVersion: if someone acted first you get 409 version_conflict. ' +
          'An action not allowed from the current stage gets 409 invalid_transition; acting outside your region or department 403.',
        security: bearer,
        params: IdParams,
        body: TransitionBody,
        response: { 200: CaseView, ...problemResponses, ...unprocessable },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const moved = await transitions.run(actor, request.params.id, request.body);
      return presentCase(moved, catalog, regions);
    },
  );
}

/** Citizens report as citizens; staff as grid workers when they are one, else for the hotline. */
function sourceFor(actor: Actor, requested: CaseSource | undefined): CaseSource {
  if (actor.kind === 'citizen' || actor.kind === 'enterprise') return requested ?? 'citizen';
  if (requested) return requested;
  return actor.grants.some((g) => g.role === 'grid_worker') ? 'grid_worker' : 'hotline_12345';
}
