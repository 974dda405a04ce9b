import { Type, type TSchema } from 'typebox';
import type { Actor } from '../../platform/auth/actor.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Problem, problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import type { Policy } from '../identity/index.ts';
import type { AlertRow } from './alert.repository.ts';
import { AlertPresenter, presentIncident, presentRule } from './alert.presenter.ts';
import type { AlertsService } from './alerts.service.ts';
import { DepartmentDirectory, type DepartmentSummary } from './department-directory.ts';
import { ConditionSchema, type Condition } from './rule-condition.ts';

const SeveritySchema = Type.Unsafe<'critical' | 'major' | 'minor' | 'warning' | 'info'>({
  type: 'string',
  enum: ['critical', 'major', 'minor', 'warning', 'info'],
});
const StatusSchema = Type.Unsafe<'active' | 'acknowledged' | 'cleared' | 'closed'>({
  type: 'string',
  enum: ['active', 'acknowledged', 'cleared', 'closed'],
});
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const RuleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    severity: SeveritySchema,
    productId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    deviceId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    tag: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    regionId: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
    condition: ConditionSchema,
    stormThreshold: Type.Optional(Type.Integer({ minimum: 2, maximum: 100_000 })),
    stormWindowSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 86_400 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const RuleView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  severity: SeveritySchema,
  productId: Nullable(Type.String()),
  deviceId: Nullable(Type.String()),
  tag: Nullable(Type.String()),
  regionId: Nullable(Type.String()),
  condition: Type.Unknown(),
  stormThreshold: Type.Integer(),
  stormWindowSeconds: Type.Integer(),
  enabled: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});

const AlertView = Type.Object({
  id: Type.String(),
  ruleId: Type.String(),
  ruleName: Type.String(),
  severity: SeveritySchema,
  status: StatusSchema,
  deviceId: Type.String(),
  deviceName: Type.String(),
  productId: Type.String(),
  gridId: Nullable(Type.String()),
  streetId: Nullable(Type.String()),
  districtId: Nullable(Type.String()),
  location: Nullable(Type.Tuple([Type.Number(), Type.Number()])),
  reason: Type.String(),
  raisedAt: Type.String({ format: 'date-time' }),
  acknowledgedAt: Nullable(Type.String({ format: 'date-time' })),
  acknowledgedBy: Nullable(Type.String()),
  clearedAt: Nullable(Type.String({ format: 'date-time' })),
  clearedBy: Nullable(Type.String()),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  closedBy: Nullable(Type.String()),
  note: Nullable(Type.String()),
  incidentId: Nullable(Type.String()),
  /** The department owning the device when the alert was raised, and its names. */
  departmentId: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  departmentNameEn: Nullable(Type.String()),
  version: Type.Integer(),
});

const IncidentView = Type.Object({
  id: Type.String(),
  ruleId: Type.String(),
  title: Type.String(),
  severity: SeveritySchema,
  streetId: Type.String(),
  districtId: Nullable(Type.String()),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  alertCount: Type.Integer(),
  openedAt: Type.String({ format: 'date-time' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
});

const IdParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
const TransitionBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), note: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
const bearer = [{ bearer: [] }];

export function registerAlertRoutes(
  app: HttpServer,
  deps: {
    alerts: AlertsService;
    policy: Policy;
    cityId: () => string;
    /** The identity module's departments (alerts name the department owning the device). */
    departments: () => Promise<DepartmentSummary[]>;
  },
): void {
  const { alerts, policy } = deps;
  const present = new AlertPresenter(new DepartmentDirectory(deps.departments));
  const scopeOf = (actor: Actor, action: string): string[] | null => {
    const scopes = policy.scopesFor(actor, action);
    if (scopes.length === 0) policy.authorize(actor, action);
    return scopes.includes(deps.cityId()) ? null : scopes;
  };
  const regionOf = (a: AlertRow) => a.gridId ?? a.streetId ?? a.districtId ?? deps.cityId();

  app.get(
    '/api/v1/alert-rules',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alert rules',
        security: bearer,
        response: { 200: Type.Object({ items: Type.Array(RuleView) }), ...problemResponses },
      },
    },
    async (request) => {
      policy.authorize(authenticated(request), 'alerts.read');
      return { items: (await alerts.listRules()).map(presentRule) };
    },
  );

  app.post(
    '/api/v1/alert-rules',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Create an alert rule (e.g. "every billboard in 黄浦区: tilt > 5° for 2 minutes")',
        security: bearer,
        body: RuleBody,
        response: { 201: RuleView, ...problemResponses },
      },
    },
    async (request, reply) => {
      const actor = authenticated(request);
      const input = { ...request.body, condition: request.body.condition as Condition };
      await alerts.checkScope(input);
      policy.authorize(actor, 'alerts.rules.manage', { regionId: request.body.regionId ?? null });
      const rule = await alerts.createRule(actor, input);
      return reply.status(201).send(presentRule(rule));
    },
  );

  app.put(
    '/api/v1/alert-rules/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Replace an alert rule (optimistic concurrency: send the version you read)',
        security: bearer,
        params: IdParams,
        body: Type.Object(
          { ...RuleBody.properties, version: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: { 200: RuleView, ...problemResponses, 409: Problem },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const existing = await alerts.getRule(request.params.id);
      const { version, ...body } = request.body;
      const input = { ...body, condition: body.condition as Condition };
      await alerts.checkScope(input);
      policy.authorize(actor, 'alerts.rules.manage', { regionId: existing?.regionId ?? null });
      policy.authorize(actor, 'alerts.rules.manage', { regionId: request.body.regionId ?? null });
      const rule = await alerts.updateRule(actor, request.params.id, version, input);
      return presentRule(rule);
    },
  );

  app.delete(
    '/api/v1/alert-rules/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Delete an alert rule and its alerts',
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const actor = authenticated(request);
      const existing = await alerts.getRule(request.params.id);
      policy.authorize(actor, 'alerts.rules.manage', { regionId: existing?.regionId ?? null });
      await alerts.deleteRule(actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary:
          'Alerts in the caller’s region scope, newest first (departmentId: the device owner’s)',
        security: bearer,
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Array(StatusSchema, { maxItems: 4 })),
            severity: Type.Optional(SeveritySchema),
            deviceId: Type.Optional(Type.String({ format: 'uuid' })),
            ruleId: Type.Optional(Type.String({ format: 'uuid' })),
            incidentId: Type.Optional(Type.String({ format: 'uuid' })),
            departmentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(AlertView), ...problemResponses },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const regionIds = scopeOf(actor, 'alerts.read');
      const { rows, total } = await alerts.listAlerts({ ...request.query, regionIds });
      return {
        items: await present.alerts(rows),
        total,
        limit: request.query.limit,
        offset: request.query.offset,
      };
    },
  );

  app.get(
    '/api/v1/alerts/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'One alert',
        security: bearer,
        params: IdParams,
        response: { 200: AlertView, ...problemResponses },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const alert = await alerts.getAlert(request.params.id);
      policy.authorize(actor, 'alerts.read', { regionId: regionOf(alert) });
      return present.alert(alert);
    },
  );

  for (const [verb, action] of [
    ['acknowledge', 'acknowledge'],
    ['clear', 'clear'],
    ['close', 'close'],
  ] as const) {
    app.post(
      `/api/v1/alerts/:id/${verb}`,
      {
        schema: {
          tags: ['alerts'],
          summary: `${verb[0]?.toUpperCase()}${verb.slice(1)} an alert (send the version you read)`,
          security: bearer,
          params: IdParams,
          body: TransitionBody,
          response: { 200: AlertView, ...problemResponses, 409: Problem },
        },
      },
      async (request) => {
        const actor = authenticated(request);
        const alert = await alerts.getAlert(request.params.id);
        policy.authorize(actor, 'alerts.handle', { regionId: regionOf(alert) });
        const moved = await alerts[action](
          actor,
          alert.id,
          request.body.version,
          request.body.note,
        );
        return present.alert(moved);
      },
    );
  }

  app.get(
    '/api/v1/incidents',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alarm-storm incidents (many alerts of one rule in one street)',
        security: bearer,
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(IncidentView), ...problemResponses },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const regionIds = scopeOf(actor, 'alerts.read');
      const { rows, total } = await alerts.listIncidents({ ...request.query, regionIds });
      return {
        items: rows.map(presentIncident),
        total,
        limit: request.query.limit,
        offset: request.query.offset,
      };
    },
  );

  app.get(
    '/api/v1/incidents/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'One incident with its alerts',
        security: bearer,
        params: IdParams,
        response: {
          200: Type.Intersect([IncidentView, Type.Object({ alerts: Type.Array(AlertView) })]),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const incident = await alerts.getIncident(request.params.id);
      policy.authorize(actor, 'alerts.read', { regionId: incident.streetId });
      const { rows } = await alerts.listAlerts({
        incidentId: incident.id,
        regionIds: null,
        limit: 500,
        offset: 0,
      });
      return { ...presentIncident(incident), alerts: await present.alerts(rows) };
    },
  );
}
