import { Type } from 'typebox';
import type { Actor } from '../../platform/auth/actor.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import type { RegionsService } from './regions.service.ts';

const Level = Type.Union([
  Type.Literal('city'),
  Type.Literal('district'),
  Type.Literal('street'),
  Type.Literal('grid'),
]);
const RegionId = Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z_-]+$' });
const Summary = Type.Object({ id: Type.String(), name: Type.String(), level: Level });
const LngLat = Type.Tuple([Type.Number(), Type.Number()]);
const Ring = Type.Array(LngLat);
const Geometry = Type.Union([
  Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Ring) }),
  Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Array(Ring)) }),
]);
const ListItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  level: Level,
  parentId: Type.Union([Type.String(), Type.Null()]),
  centroid: LngLat,
  childCount: Type.Integer(),
});
const Detail = Type.Object({
  id: Type.String(),
  name: Type.String(),
  level: Level,
  parentId: Type.Union([Type.String(), Type.Null()]),
  centroid: LngLat,
  bbox: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]),
  geometry: Geometry,
  ancestors: Type.Array(Summary),
  children: Type.Array(Summary),
});
const FeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      geometry: Geometry,
      properties: Type.Object({
        id: Type.String(),
        name: Type.String(),
        level: Level,
        parentId: Type.Union([Type.String(), Type.Null()]),
      }),
    }),
  ),
});
const bearer = [{ bearer: [] }];

export function registerRegionRoutes(
  app: HttpServer,
  deps: {
    regions: RegionsService;
    authorize: (actor: Actor, action: string, regionId: string) => void;
  },
): void {
  const { regions } = deps;

  app.get(
    '/api/v1/regions',
    {
      schema: {
        tags: ['regions'],
        summary: 'List regions by level and/or parent, with a name filter (paginated)',
        description: 'Without level or parent the list holds the city itself.',
        security: bearer,
        querystring: Type.Object(
          {
            level: Type.Optional(Level),
            parent: Type.Optional(RegionId),
            q: Type.Optional(Type.String({ maxLength: 50 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(ListItem), ...problemResponses },
      },
    },
    async (request) => {
      authenticated(request);
      const { items, total } = regions.list(request.query);
      return { items, total, limit: request.query.limit, offset: request.query.offset };
    },
  );

  app.get(
    '/api/v1/regions/features',
    {
      schema: {
        tags: ['regions'],
        summary: 'Region polygons as a GeoJSON FeatureCollection, for maps',
        security: bearer,
        querystring: Type.Object(
          { level: Type.Optional(Level), parent: Type.Optional(RegionId) },
          { additionalProperties: false },
        ),
        response: { 200: FeatureCollection, ...problemResponses },
      },
    },
    async (request, reply) => {
      authenticated(request);
      reply.header('cache-control', 'private, max-age=60');
      return regions.features(request.query);
    },
  );

  app.get(
    '/api/v1/regions/locate',
    {
      schema: {
        tags: ['regions'],
        summary: 'Which grid, street and district contain a point',
        security: bearer,
        querystring: Type.Object(
          {
            lat: Type.Number({ minimum: -90, maximum: 90 }),
            lng: Type.Number({ minimum: -180, maximum: 180 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            grid: Type.Union([Summary, Type.Null()]),
            street: Type.Union([Summary, Type.Null()]),
            district: Type.Union([Summary, Type.Null()]),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      authenticated(request);
      const { lat, lng } = request.query;
      const found = regions.locate(lng, lat);
      if (!found) throw notFound('region at point', `${lat},${lng}`);
      return found;
    },
  );

  app.get(
    '/api/v1/regions/:id',
    {
      schema: {
        tags: ['regions'],
        summary: 'One region with its polygon, ancestors and children',
        security: bearer,
        params: Type.Object({ id: RegionId }, { additionalProperties: false }),
        response: { 200: Detail, ...problemResponses },
      },
    },
    async (request) => {
      authenticated(request);
      const region = regions.get(request.params.id);
      return {
        id: region.id,
        name: region.name,
        level: region.level,
        parentId: region.parentId,
        centroid: region.centroid,
        bbox: region.bbox,
        geometry: region.geometry,
        ancestors: regions.ancestors(region.id),
        children: regions.children(region.id),
      };
    },
  );

  app.patch(
    '/api/v1/regions/:id',
    {
      schema: {
        tags: ['regions'],
        summary: 'Rename a region (region managers within their subtree; audited)',
        security: bearer,
        params: Type.Object({ id: RegionId }, { additionalProperties: false }),
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: Summary, ...problemResponses },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      regions.get(request.params.id);
      deps.authorize(actor, 'regions.manage', request.params.id);
      return regions.rename(actor, request.params.id, request.body.name);
    },
  );
}
