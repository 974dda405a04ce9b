import { Type } from 'typebox';
import { badRequest } from '../../platform/errors/app-error.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Problem, problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import type { RegionScope } from '../regions/index.ts';
import { CsvError, csvRecords } from './device-import.ts';
import type { DeviceRegistryService } from './device-registry.service.ts';
import { DeviceSchema, ProductSchema, presentDevice, presentProduct } from './iot.presenter.ts';
import type { TelemetryQueryService } from './telemetry-query.service.ts';
import { ThingModelSchema } from './thing-model.ts';

const bearer = [{ bearer: [] }];
const DeviceId = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
const ProductId = Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' });
const RegionId = Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z_-]+$' });
const Tag = Type.String({ minLength: 1, maxLength: 40 });
const Location = Type.Object(
  {
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
  },
  { additionalProperties: false },
);
const Key = Type.String({ minLength: 1, maxLength: 64 });
const Interval = Type.Union([
  Type.Literal('1m'),
  Type.Literal('5m'),
  Type.Literal('15m'),
  Type.Literal('1h'),
  Type.Literal('day'),
  Type.Literal('week'),
  Type.Literal('month'),
]);
const Range = {
  key: Key,
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
};
const ImportReportSchema = Type.Object({
  created: Type.Integer(),
  failed: Type.Integer(),
  errors: Type.Array(
    Type.Object({ row: Type.Integer(), field: Type.String(), message: Type.String() }),
  ),
});
/** Enough for 100,000 CSV rows of ~150 bytes; this route only. */
export const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;

export function registerIotRoutes(
  app: HttpServer,
  deps: { registry: DeviceRegistryService; queries: TelemetryQueryService; regions: RegionScope },
): void {
  const { registry, queries, regions } = deps;

  // —— products ——
  app.get(
    '/api/v1/iot/products',
    {
      schema: {
        tags: ['iot'],
        summary: 'Products (物模型): typed properties, events, commands, retention',
        security: bearer,
        response: { 200: Type.Object({ items: Type.Array(ProductSchema) }), ...problemResponses },
      },
    },
    async (request) => {
      authenticated(request);
      return { items: (await registry.listProducts()).map(presentProduct) };
    },
  );

  app.get(
    '/api/v1/iot/products/:id',
    {
      schema: {
        tags: ['iot'],
        summary: 'One product with its thing model',
        security: bearer,
        params: Type.Object({ id: ProductId }, { additionalProperties: false }),
        response: { 200: ProductSchema, ...problemResponses },
      },
    },
    async (request) => {
      authenticated(request);
      return presentProduct(await registry.getProduct(request.params.id));
    },
  );

  app.post(
    '/api/v1/iot/products',
    {
      schema: {
        tags: ['iot'],
        summary: 'Create a product with its thing model (system and data administrators)',
        security: bearer,
        body: Type.Object(
          {
            id: ProductId,
            name: Type.String({ minLength: 1, maxLength: 100 }),
            nameEn: Type.String({ minLength: 1, maxLength: 100 }),
            description: Type.Optional(Type.String({ maxLength: 1000 })),
            retentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
            thingModel: ThingModelSchema,
          },
          { additionalProperties: false },
        ),
        response: { 201: ProductSchema, ...problemResponses, 409: Problem },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const product = await registry.createProduct(authenticated(request), {
        id: body.id,
        name: body.name,
        nameEn: body.nameEn,
        description: body.description ?? '',
        retentionDays: body.retentionDays ?? 180,
        thingModel: body.thingModel,
      });
      return reply.status(201).send(presentProduct(product));
    },
  );

  app.patch(
    '/api/v1/iot/products/:id',
    {
      schema: {
        tags: ['iot'],
        summary: 'Change a product: names, retention, thing model',
        security: bearer,
        params: Type.Object({ id: ProductId }, { additionalProperties: false }),
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            description: Type.Optional(Type.String({ maxLength: 1000 })),
            retentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
            thingModel: Type.Optional(ThingModelSchema),
          },
          { additionalProperties: false },
        ),
        response: { 200: ProductSchema, ...problemResponses },
      },
    },
    async (request) =>
      presentProduct(
        await registry.updateProduct(authenticated(request), request.params.id, request.body),
      ),
  );

  // —— devices ——
  app.get(
    '/api/v1/iot/devices',
    {
      schema: {
        tags: ['iot'],
        summary: 'Devices within the caller’s region scope, filtered by product, tag, region, name',
        description:
          'Without `region` the list holds the devices in the caller’s region subtrees; a `region` outside them is 403.',
        security: bearer,
        querystring: Type.Object(
          {
            product: Type.Optional(ProductId),
            tag: Type.Optional(Tag),
            region: Type.Optional(RegionId),
            q: Type.Optional(Type.String({ maxLength: 100 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(DeviceSchema), ...problemResponses },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const { product, tag, region, q, limit, offset } = request.query;
      const { items, total } = await registry.list(actor, {
        productId: product,
        tag,
        regionId: region,
        q,
        limit,
        offset,
      });
      return { items: items.map((d) => presentDevice(d, regions)), total, limit, offset };
    },
  );

  app.post(
    '/api/v1/iot/devices',
    {
      schema: {
        tags: ['iot'],
        summary: 'Provision one device; its grid, street and district come from its location',
        description: 'The response carries the device’s access token (generated unless given).',
        security: bearer,
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            productId: ProductId,
            tags: Type.Optional(Type.Array(Tag, { maxItems: 20 })),
            location: Type.Optional(Location),
            departmentId: Type.Optional(Type.String({ maxLength: 64 })),
            token: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{20,128}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: DeviceSchema, ...problemResponses, 409: Problem },
      },
    },
    async (request, reply) => {
      const device = await registry.create(authenticated(request), request.body);
      return reply.status(201).send(presentDevice(device, regions, { withToken: true }));
    },
  );

  // CSV is accepted by this route only: everywhere else the API speaks JSON.
  const importRoute = async (scope: HttpServer) => {
    scope.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    registerImportRoute(scope, registry);
  };
  app.register(importRoute);

  app.get(
    '/api/v1/iot/devices/:id',
    {
      schema: {
        tags: ['iot'],
        summary: 'One device with its connectivity (the token only for its managers)',
        security: bearer,
        params: DeviceId,
        response: { 200: DeviceSchema, ...problemResponses },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const device = await registry.get(actor, request.params.id);
      return presentDevice(device, regions, { withToken: registry.canManage(actor, device) });
    },
  );

  app.patch(
    '/api/v1/iot/devices/:id',
    {
      schema: {
        tags: ['iot'],
        summary: 'Change a device’s name, tags, location (re-located into its grid) or department',
        security: bearer,
        params: DeviceId,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            tags: Type.Optional(Type.Array(Tag, { maxItems: 20 })),
            location: Type.Optional(Type.Union([Location, Type.Null()])),
            departmentId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: DeviceSchema, ...problemResponses, 409: Problem },
      },
    },
    async (request) =>
      presentDevice(
        await registry.update(authenticated(request), request.params.id, request.body),
        regions,
        { withToken: true },
      ),
  );

  app.delete(
    '/api/v1/iot/devices/:id',
    {
      schema: {
        tags: ['iot'],
        summary: 'Remove a device; its token stops working (its readings expire with retention)',
        security: bearer,
        params: DeviceId,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await registry.remove(authenticated(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  // —— telemetry reads ——
  const LatestValue = Type.Object({
    key: Type.String(),
    name: Type.Union([Type.String(), Type.Null()]),
    unit: Type.Union([Type.String(), Type.Null()]),
    value: Type.Unknown(),
    ts: Type.String({ format: 'date-time' }),
  });

  app.get(
    '/api/v1/iot/devices/:id/latest',
    {
      schema: {
        tags: ['iot'],
        summary: 'The latest value of every key the device reported',
        security: bearer,
        params: DeviceId,
        response: {
          200: Type.Object({ device: DeviceSchema, values: Type.Array(LatestValue) }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { device, values } = await queries.latest(authenticated(request), request.params.id);
      return {
        device: presentDevice(device, regions),
        values: values.map((v) => ({ ...v, ts: v.ts.toISOString() })),
      };
    },
  );

  app.get(
    '/api/v1/iot/devices/:id/telemetry',
    {
      schema: {
        tags: ['iot'],
        summary: 'Raw readings of one key in [from, to), newest first by default',
        security: bearer,
        params: DeviceId,
        querystring: Type.Object(
          {
            ...Range,
            limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 }),
            order: Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'desc' }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            key: Type.String(),
            items: Type.Array(
              Type.Object({ ts: Type.String({ format: 'date-time' }), value: Type.Unknown() }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { key, from, to, limit, order } = request.query;
      const items = await queries.range(authenticated(request), request.params.id, {
        key,
        from: new Date(from),
        to: new Date(to),
        limit,
        order,
      });
      return { key, items: items.map((r) => ({ ts: r.ts.toISOString(), value: r.value })) };
    },
  );

  app.get(
    '/api/v1/iot/devices/:id/telemetry/aggregate',
    {
      schema: {
        tags: ['iot'],
        summary: 'avg, min, max, sum and count of one key per interval',
        description:
          'Fixed intervals (1m, 5m, 15m, 1h) or calendar ones (day, week from Monday, month) in Asia/Shanghai time. Booleans count as 0/1.',
        security: bearer,
        params: DeviceId,
        querystring: Type.Object({ ...Range, interval: Interval }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            key: Type.String(),
            interval: Type.String(),
            timeZone: Type.Literal('Asia/Shanghai'),
            buckets: Type.Array(
              Type.Object({
                start: Type.String({ format: 'date-time' }),
                avg: Type.Union([Type.Number(), Type.Null()]),
                min: Type.Union([Type.Number(), Type.Null()]),
                max: Type.Union([Type.Number(), Type.Null()]),
                sum: Type.Union([Type.Number(), Type.Null()]),
                count: Type.Integer(),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { key, from, to, interval } = request.query;
      const buckets = await queries.aggregate(authenticated(request), request.params.id, {
        key,
        from: new Date(from),
        to: new Date(to),
        interval,
      });
      return {
        key,
        interval,
        timeZone: 'Asia/Shanghai' as const,
        buckets: buckets.map((b) => ({ ...b, start: b.start.toISOString() })),
      };
    },
  );

  app.get(
    '/api/v1/iot/devices/:id/attributes',
    {
      schema: {
        tags: ['iot'],
        summary: 'Attributes the device reported (client scope)',
        security: bearer,
        params: DeviceId,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                key: Type.String(),
                value: Type.Unknown(),
                updatedAt: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const rows = await queries.attributes(authenticated(request), request.params.id);
      return {
        items: rows.map((r) => ({
          key: r.key,
          value: r.value,
          updatedAt: r.updatedAt.toISOString(),
        })),
      };
    },
  );

  app.get(
    '/api/v1/iot/devices/:id/quality',
    {
      schema: {
        tags: ['iot'],
        summary: 'Data quality: per property ok / no_data / stuck, and the counted issues',
        security: bearer,
        params: DeviceId,
        response: {
          200: Type.Object({
            deviceId: Type.String(),
            online: Type.Boolean(),
            lastSeenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
            properties: Type.Array(
              Type.Object({
                key: Type.String(),
                name: Type.String(),
                status: Type.Union([
                  Type.Literal('ok'),
                  Type.Literal('no_data'),
                  Type.Literal('out_of_range'),
                  Type.Literal('stuck'),
                ]),
                lastAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
                sameCount: Type.Integer(),
                sameSince: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
              }),
            ),
            issues: Type.Array(
              Type.Object({
                key: Type.String(),
                kind: Type.String(),
                count: Type.Integer(),
                firstAt: Type.String({ format: 'date-time' }),
                lastAt: Type.String({ format: 'date-time' }),
                lastDetail: Type.String(),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { device, properties, issues } = await queries.quality(
        authenticated(request),
        request.params.id,
      );
      const iso = (d: Date | null) => (d ? d.toISOString() : null);
      return {
        deviceId: device.id,
        online: device.online,
        lastSeenAt: iso(device.lastSeenAt),
        properties: properties.map((p) => ({
          ...p,
          lastAt: iso(p.lastAt),
          sameSince: iso(p.sameSince),
        })),
        issues: issues.map((i) => ({
          key: i.key,
          kind: i.kind,
          count: i.count,
          firstAt: i.firstAt.toISOString(),
          lastAt: i.lastAt.toISOString(),
          lastDetail: i.lastDetail,
        })),
      };
    },
  );

  app.get(
    '/api/v1/iot/map',
    {
      schema: {
        tags: ['iot'],
        summary: 'Located devices as GeoJSON points with state and latest values (paginated)',
        security: bearer,
        querystring: Type.Object(
          {
            product: Type.Optional(ProductId),
            region: Type.Optional(RegionId),
            limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 }),
            offset: Type.Integer({ minimum: 0, default: 0 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            type: Type.Literal('FeatureCollection'),
            total: Type.Integer(),
            limit: Type.Integer(),
            offset: Type.Integer(),
            features: Type.Array(
              Type.Object({
                type: Type.Literal('Feature'),
                id: Type.String(),
                geometry: Type.Object({
                  type: Type.Literal('Point'),
                  coordinates: Type.Tuple([Type.Number(), Type.Number()]),
                }),
                properties: Type.Object({
                  name: Type.String(),
                  productId: Type.String(),
                  online: Type.Boolean(),
                  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
                  gridId: Type.Union([Type.String(), Type.Null()]),
                  latest: Type.Record(Type.String(), Type.Unknown()),
                }),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { product, region, limit, offset } = request.query;
      const found = await queries.map(authenticated(request), {
        productId: product,
        regionId: region,
        limit,
        offset,
      });
      return {
        type: 'FeatureCollection' as const,
        total: found.total,
        limit,
        offset,
        features: found.devices.map((d) => ({
          type: 'Feature' as const,
          id: d.id,
          geometry: {
            type: 'Point' as const,
            coordinates: [d.lng ?? 0, d.lat ?? 0] as [number, number],
          },
          properties: {
            name: d.name,
            productId: d.productId,
            online: d.online,
            lastSeenAt: d.lastSeenAt ? d.lastSeenAt.toISOString() : null,
            gridId: d.gridId,
            latest: found.latest.get(d.id) ?? {},
          },
        })),
      };
    },
  );
}

function registerImportRoute(app: HttpServer, registry: DeviceRegistryService): void {
  app.post(
    '/api/v1/iot/devices/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['iot'],
        summary:
          'Bulk provisioning from CSV (text/csv) or JSON rows; returns a per-row error report',
        description:
          'CSV header: name,productId,lng,lat,tags,departmentId,token (tags separated by `;`). Each row is checked on its own; good rows are stored in batches of 1,000 and a bad row never stops them. `row` in the report counts data rows from 1 (the header is not counted). Up to 100,000 rows and 32 MiB.',
        security: bearer,
        body: {
          content: {
            'application/json': {
              schema: Type.Object(
                {
                  rows: Type.Array(Type.Record(Type.String(), Type.Unknown()), {
                    maxItems: MAX_IMPORT_ROWS,
                  }),
                },
                { additionalProperties: false },
              ),
            },
            'text/csv': { schema: Type.String() },
          },
        },
        response: { 200: ImportReportSchema, ...problemResponses, 413: Problem },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const body: unknown = request.body;
      let rows: Array<Record<string, unknown>>;
      if (typeof body === 'string') {
        try {
          rows = csvRecords(body).records;
        } catch (error) {
          if (error instanceof CsvError) throw badRequest('malformed_csv', error.message);
          throw error;
        }
      } else {
        rows = (body as { rows: Array<Record<string, unknown>> }).rows;
      }
      if (rows.length > MAX_IMPORT_ROWS) {
        throw badRequest('too_many_rows', `at most ${MAX_IMPORT_ROWS} rows per import`);
      }
      return registry.importDevices(actor, rows);
    },
  );
}
