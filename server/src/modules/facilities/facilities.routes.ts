import { Type, type TSchema } from 'typebox';
import type { Actor } from '../../platform/auth/actor.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Problem, problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import type { Policy } from '../identity/index.ts';
import type { FacilitiesService } from './facilities.service.ts';
import type { FacilityRow } from './facility.repository.ts';
import { HealthModelSchema, type HealthScore } from './health-model.ts';

const bearer = [{ bearer: [] }];
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const LevelSchema = Type.Unsafe<'good' | 'attention' | 'poor' | 'unknown'>({
  type: 'string',
  enum: ['good', 'attention', 'poor', 'unknown'],
});
const IdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
const FacilityId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' });

const ComponentView = Type.Object({
  key: Type.String(),
  name: Type.String(),
  weight: Type.Number(),
  score: Nullable(Type.Number()),
  status: Type.Union([Type.Literal('ok'), Type.Literal('stale'), Type.Literal('missing')]),
  value: Type.Unknown(),
  deviceId: Nullable(Type.String()),
  ts: Nullable(Type.String({ format: 'date-time' })),
});

const HealthView = Type.Object({
  score: Nullable(Type.Number()),
  level: LevelSchema,
  coverage: Type.Number(),
  components: Type.Array(ComponentView),
});

const FacilityView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  kind: Type.String(),
  gridId: Nullable(Type.String()),
  streetId: Nullable(Type.String()),
  districtId: Type.String(),
  location: Nullable(Type.Object({ lng: Type.Number(), lat: Type.Number() })),
  departmentId: Nullable(Type.String()),
  score: Nullable(Type.Number()),
  level: LevelSchema,
  coverage: Type.Number(),
  scoredAt: Nullable(Type.String({ format: 'date-time' })),
  version: Type.Integer(),
});

const DeviceMember = Type.Object(
  { deviceId: Type.String({ format: 'uuid' }), role: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

const FacilityDetail = Type.Object({
  ...FacilityView.properties,
  model: HealthModelSchema,
  devices: Type.Array(DeviceMember),
  /** The index computed from the latest readings at the time of the request. */
  live: HealthView,
});

const present = (f: FacilityRow) => ({
  id: f.id,
  name: f.name,
  nameEn: f.nameEn,
  kind: f.kind,
  gridId: f.gridId,
  streetId: f.streetId,
  districtId: f.districtId,
  location: f.lng !== null && f.lat !== null ? { lng: f.lng, lat: f.lat } : null,
  departmentId: f.departmentId,
  score: f.score,
  level: f.level,
  coverage: f.coverage,
  scoredAt: f.scoredAt?.toISOString() ?? null,
  version: f.version,
});
const presentHealth = (h: HealthScore) => h;

export function registerFacilityRoutes(
  app: HttpServer,
  deps: { facilities: FacilitiesService; policy: Policy; cityId: () => string },
): void {
  const { facilities, policy } = deps;
  const scopeOf = (actor: Actor): string[] | null => {
    const scopes = policy.scopesFor(actor, 'facilities.read');
    if (scopes.length === 0) policy.authorize(actor, 'facilities.read');
    return scopes.includes(deps.cityId()) ? null : scopes;
  };
  const regionOf = (f: FacilityRow) => f.gridId ?? f.streetId ?? f.districtId;
  const readable = async (actor: Actor, id: string) => {
    const facility = await facilities.get(id);
    policy.authorize(actor, 'facilities.read', { regionId: regionOf(facility) });
    return facility;
  };

  app.get(
    '/api/v1/facilities',
    {
      schema: {
        tags: ['facilities'],
        summary: 'Facilities with their latest health index (filters: kind, region, level, text)',
        security: bearer,
        querystring: Type.Object(
          {
            kind: Type.Optional(Type.String({ maxLength: 64 })),
            region: Type.Optional(Type.String({ maxLength: 32 })),
            level: Type.Optional(LevelSchema),
            q: Type.Optional(Type.String({ maxLength: 100 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(FacilityView), ...problemResponses },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const { region, kind, level, q, limit, offset } = request.query;
      if (region) policy.authorize(actor, 'facilities.read', { regionId: region });
      const page = await facilities.list({
        regionId: region,
        kind,
        level,
        q,
        limit,
        offset,
        scopes: scopeOf(actor),
      });
      return { items: page.items.map(present), total: page.total, limit, offset };
    },
  );

  app.post(
    '/api/v1/facilities',
    {
      schema: {
        tags: ['facilities'],
        summary: 'Create a facility from devices, with its health model',
        security: bearer,
        body: Type.Object(
          {
            id: FacilityId,
            name: Type.String({ minLength: 1, maxLength: 100 }),
            nameEn: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
            kind: Type.String({ minLength: 1, maxLength: 64 }),
            location: Type.Object(
              {
                lng: Type.Number({ minimum: -180, maximum: 180 }),
                lat: Type.Number({ minimum: -90, maximum: 90 }),
              },
              { additionalProperties: false },
            ),
            departmentId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
            model: HealthModelSchema,
            devices: Type.Array(DeviceMember, { maxItems: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: FacilityView, ...problemResponses, 409: Problem },
      },
    },
    async (request, reply) => {
      const actor = authenticated(request);
      policy.authorize(actor, 'facilities.manage', {
        regionId: facilities.regionAt(request.body.location),
      });
      const created = await facilities.create(actor, request.body);
      return reply.status(201).send(present(created));
    },
  );

  app.get(
    '/api/v1/facilities/:id',
    {
      schema: {
        tags: ['facilities'],
        summary: 'A facility: its devices, health model and the index computed now',
        security: bearer,
        params: IdParams,
        response: { 200: FacilityDetail, ...problemResponses },
      },
    },
    async (request) => {
      const facility = await readable(authenticated(request), request.params.id);
      return {
        ...present(facility),
        model: facility.model,
        devices: await facilities.devicesOf(facility.id),
        live: presentHealth(await facilities.live(facility)),
      };
    },
  );

  app.get(
    '/api/v1/facilities/:id/health',
    {
      schema: {
        tags: ['facilities'],
        summary: 'Health index history (oldest first; default the last 7 days)',
        security: bearer,
        params: IdParams,
        querystring: Type.Object(
          {
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 2_016 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                ts: Type.String({ format: 'date-time' }),
                score: Nullable(Type.Number()),
                level: LevelSchema,
                coverage: Type.Number(),
                components: Type.Array(ComponentView),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      await readable(authenticated(request), request.params.id);
      const to = request.query.to ? new Date(request.query.to) : new Date();
      const from = request.query.from
        ? new Date(request.query.from)
        : new Date(to.getTime() - 7 * 86_400_000);
      const rows = await facilities.history(request.params.id, from, to, request.query.limit);
      return {
        items: rows.map((r) => ({
          ts: r.ts.toISOString(),
          score: r.score,
          level: r.level,
          coverage: r.coverage,
          components: r.components,
        })),
      };
    },
  );

  app.put(
    '/api/v1/facilities/:id/model',
    {
      schema: {
        tags: ['facilities'],
        summary: 'Replace the health model (weights, bands, missing-data policy, levels)',
        security: bearer,
        params: IdParams,
        body: Type.Object(
          { version: Type.Integer({ minimum: 1 }), model: HealthModelSchema },
          { additionalProperties: false },
        ),
        response: { 200: FacilityView, ...problemResponses, 409: Problem },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const facility = await facilities.get(request.params.id);
      policy.authorize(actor, 'facilities.manage', { regionId: regionOf(facility) });
      const { version, model } = request.body;
      return present(await facilities.updateModel(actor, facility.id, version, model));
    },
  );
}
