import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Problem, problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import type { Policy } from '../identity/index.ts';
import type { ApplicationQueryService } from './application-query.service.ts';
import { UPLOAD_LIMIT_BYTES } from './application-query.service.ts';
import type { ApplicationReviewWorkflow } from './application-review.workflow.ts';
import type { ApplicationSubmissionWorkflow } from './application-submission.workflow.ts';
import { languageOf } from './form-validation.ts';
import type { ApplicantProfile } from './services.ports.ts';
import type { ServicesPresenter } from './services.presenter.ts';
import type { ServicesMetricsService } from './services-metrics.service.ts';
import {
  ApplicationBody,
  ApplicationDetail,
  ApplicationPatch,
  ApplicationStatusSchema,
  ApplicationSummary,
  DecisionBody,
  HeldLicenceView,
  MetricsView,
  NotificationView,
  QueueEntry,
  StringEnum,
  TaskKindSchema,
  UploadView,
  VersionBody,
} from './services.schemas.ts';

const IdParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
const bearer = [{ bearer: [] }];
const uploadTypes = ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'];

export interface ApplicationRouteDeps {
  submission: ApplicationSubmissionWorkflow;
  review: ApplicationReviewWorkflow;
  queries: ApplicationQueryService;
  presenter: ServicesPresenter;
  metrics: ServicesMetricsService;
  policy: Policy;
  profileOf: (accountId: string) => Promise<ApplicantProfile>;
}

const language = (request: FastifyRequest) => languageOf(request.headers['accept-language']);

/** Applying, following, reviewing: the applicant's and the departments' side of 一网通办. */
export function registerApplicationRoutes(app: HttpServer, deps: ApplicationRouteDeps): void {
  const { submission, review, queries, presenter, policy } = deps;

  const detail = async (actorRequest: FastifyRequest, id: string) =>
    presenter.detail(await queries.detail(authenticated(actorRequest), id));

  app.get(
    '/api/v1/services/prefill',
    {
      schema: {
        tags: ['services'],
        summary:
          'What the applicant already has for a form: profile fields and e-licences to attach',
        description:
          '两个免于提交: for each material that is an e-licence type, the valid licences of that type you hold; attach one with `{ licenceId, consent: true }` instead of uploading.',
        security: bearer,
        querystring: Type.Object(
          {
            kind: StringEnum(['item', 'bundle'] as const),
            id: Type.String({ minLength: 1, maxLength: 64 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            form: Type.Record(Type.String(), Type.String()),
            materials: Type.Array(
              Type.Object({ key: Type.String(), licences: Type.Array(HeldLicenceView) }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const { target, materials } = await queries.prefill(
        actor,
        request.query.kind,
        request.query.id,
      );
      const profile = await deps.profileOf(actor.id);
      const known: Record<string, string | null> =
        profile.kind === 'enterprise'
          ? { enterpriseName: profile.name, creditCode: profile.identifier, phone: profile.phone }
          : { applicantName: profile.name, idNumber: profile.identifier, phone: profile.phone };
      const form: Record<string, string> = {};
      for (const [field, value] of Object.entries(known)) {
        if (value && field in (target.form.properties ?? {})) form[field] = value;
      }
      return { form, materials };
    },
  );

  app.register(async (scope) => {
    scope.addContentTypeParser(
      uploadTypes,
      { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT_BYTES + 1024 },
      (_request, body, done) => done(null, body),
    );
    scope.post(
      '/api/v1/services/uploads',
      {
        bodyLimit: UPLOAD_LIMIT_BYTES + 1024,
        schema: {
          tags: ['services'],
          summary: 'Upload a material (PDF, JPEG or PNG, at most 5 MB) to reference by id',
          description:
            'Send the file bytes as the body; the type is read from the bytes. Optional `x-file-name` header (URL-encoded). Other types → 422 unsupported_file.',
          security: bearer,
          headers: Type.Object({ 'x-file-name': Type.Optional(Type.String({ maxLength: 600 })) }),
          response: {
            201: UploadView,
            ...problemResponses,
            413: Problem,
            415: Problem,
            422: Problem,
            429: Problem,
          },
        },
      },
      async (request, reply) => {
        const actor = authenticated(request);
        const raw = request.headers['x-file-name'];
        let fileName: string | null = null;
        if (typeof raw === 'string' && raw) {
          try {
            fileName = decodeURIComponent(raw);
          } catch {
            fileName = raw;
          }
        }
        const body = request.body;
        const bytes = Buffer.isBuffer(body)
          ? body
          : Buffer.from((body as Uint8Array | undefined) ?? []);
        const saved = await queries.upload(actor, bytes, fileName);
        return reply.status(201).send(presenter.upload(saved));
      },
    );
  });

  app.get(
    '/api/v1/services/uploads/:id',
    {
      schema: {
        tags: ['services'],
        summary:
          'An uploaded file’s bytes (its owner, and reviewers of the application it is part of)',
        security: bearer,
        params: IdParams,
        response: {
          200: Type.Unsafe({ type: 'string', format: 'binary', description: 'the file' }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const file = await queries.download(authenticated(request), request.params.id);
      return reply
        .type(file.contentType)
        .header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .send(file.data);
    },
  );

  app.post(
    '/api/v1/services/applications',
    {
      schema: {
        tags: ['services'],
        summary: 'Start an application (draft) or submit it at once',
        description:
          'Send an `Idempotency-Key` header (e.g. a UUID made when the form opened): the same key again returns the first application with 200 instead of making a second. ' +
          'On submission the form is checked against the JSON Schema and the materials against the list: every problem comes back at once as 422 application_invalid with `errors[]` (JSON pointers such as /form/businessName, /materials/floor_plan).',
        security: bearer,
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100 })),
        }),
        body: ApplicationBody,
        response: {
          200: ApplicationDetail,
          201: ApplicationDetail,
          ...problemResponses,
          409: Problem,
          422: Problem,
        },
      },
    },
    async (request, reply) => {
      const actor = authenticated(request);
      const key = request.headers['idempotency-key'];
      const { application, created } = await submission.create(
        actor,
        { ...request.body, idempotencyKey: typeof key === 'string' ? key : undefined },
        language(request),
      );
      return reply.status(created ? 201 : 200).send(await detail(request, application.id));
    },
  );

  app.get(
    '/api/v1/services/applications',
    {
      schema: {
        tags: ['services'],
        summary: 'My applications, newest first',
        security: bearer,
        querystring: Type.Object(
          { status: Type.Optional(ApplicationStatusSchema), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: Page(ApplicationSummary), ...problemResponses },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const page = await queries.mine(actor, request.query);
      return {
        items: page.items.map((a) => presenter.application(a)),
        total: page.total,
        limit: request.query.limit,
        offset: request.query.offset,
      };
    },
  );

  app.get(
    '/api/v1/services/applications/:id',
    {
      schema: {
        tags: ['services'],
        summary: 'An application: form, materials, department tasks and every step so far',
        security: bearer,
        params: IdParams,
        response: { 200: ApplicationDetail, ...problemResponses },
      },
    },
    async (request) => detail(request, request.params.id),
  );

  app.patch(
    '/api/v1/services/applications/:id',
    {
      schema: {
        tags: ['services'],
        summary: 'Change a draft, or an application sent back for 补正',
        security: bearer,
        params: IdParams,
        body: ApplicationPatch,
        response: { 200: ApplicationDetail, ...problemResponses, 409: Problem, 422: Problem },
      },
    },
    async (request) => {
      await submission.update(
        authenticated(request),
        request.params.id,
        request.body,
        language(request),
      );
      return detail(request, request.params.id);
    },
  );

  app.post(
    '/api/v1/services/applications/:id/submit',
    {
      schema: {
        tags: ['services'],
        summary: 'Submit a draft, or resubmit after 补正',
        security: bearer,
        params: IdParams,
        body: VersionBody,
        response: { 200: ApplicationDetail, ...problemResponses, 409: Problem, 422: Problem },
      },
    },
    async (request) => {
      await submission.submit(
        authenticated(request),
        request.params.id,
        request.body.version,
        language(request),
      );
      return detail(request, request.params.id);
    },
  );

  app.get(
    '/api/v1/services/notifications',
    {
      schema: {
        tags: ['services'],
        summary: 'My notifications about my applications, newest first',
        security: bearer,
        querystring: Type.Object(
          { unread: Type.Boolean({ default: false }), ...PageQuery },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(NotificationView),
            total: Type.Integer(),
            unread: Type.Integer(),
            limit: Type.Integer(),
            offset: Type.Integer(),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const page = await queries.notifications(authenticated(request), request.query);
      return {
        items: page.items.map((n) => presenter.notification(n)),
        total: page.total,
        unread: page.unread,
        limit: request.query.limit,
        offset: request.query.offset,
      };
    },
  );

  app.post(
    '/api/v1/services/notifications/:id/read',
    {
      schema: {
        tags: ['services'],
        summary: 'Mark a notification read',
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await queries.markRead(authenticated(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/services/queue',
    {
      schema: {
        tags: ['services'],
        summary: 'My department’s queue: tasks to accept (受理) or review, nearest deadline first',
        description:
          'view=open (default): to work on · waiting: waiting for another department · decided',
        security: bearer,
        querystring: Type.Object(
          {
            view: Type.Optional(
              StringEnum(
                ['open', 'waiting', 'decided'] as const,
                'open (default) · waiting · decided',
              ),
            ),
            kind: Type.Optional(TaskKindSchema),
            overdue: Type.Optional(Type.Boolean()),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            ...Page(QueueEntry).properties,
            departmentId: Type.String(),
            departmentName: Type.String(),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const query = { ...request.query, view: request.query.view ?? 'open' };
      const page = await queries.queue(authenticated(request), query);
      return {
        items: page.items.map((e) => ({
          task: presenter.task(e.task, page.departmentId),
          application: presenter.application(e.application),
        })),
        total: page.total,
        limit: query.limit,
        offset: query.offset,
        departmentId: page.departmentId,
        departmentName: presenter.departmentName(page.departmentId),
      };
    },
  );

  app.post(
    '/api/v1/services/tasks/:id/decision',
    {
      schema: {
        tags: ['services'],
        summary:
          'Act on a task of my department: start, accept (受理), request_supplement (补正), reject, approve, refuse',
        description:
          'Send the task version you read: if someone decided first, 409 version_conflict. Reasons are required to ask for 补正, reject or refuse (422 reason_required). ' +
          'A reviewer of another department gets 403. Approving the last item approves the application, which issues its e-licences.',
        security: bearer,
        params: IdParams,
        body: DecisionBody,
        response: {
          200: ApplicationDetail,
          ...problemResponses,
          409: Problem,
          422: Problem,
        },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const result = await review.act(actor, request.params.id, request.body);
      return detail(request, result.application.id);
    },
  );

  app.get(
    '/api/v1/services/metrics',
    {
      schema: {
        tags: ['services'],
        summary:
          'Figures: catalogue shares, handling days against statutory days (双减半), applications per period and department',
        security: bearer,
        querystring: Type.Object(
          {
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            period: Type.Optional(StringEnum(['day', 'week', 'month'] as const, 'default month')),
          },
          { additionalProperties: false },
        ),
        response: { 200: MetricsView, ...problemResponses },
      },
    },
    async (request) => {
      policy.authorize(authenticated(request), 'services.metrics');
      return deps.metrics.figures({ ...request.query, period: request.query.period ?? 'month' });
    },
  );
}
