import { Type } from 'typebox';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Problem, problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import type { Policy } from '../identity/index.ts';
import type { CatalogueService } from './catalogue.service.ts';
import type { FormSchema, ServiceItem } from './service-catalogue.ts';
import {
  AudienceSchema,
  BundleDetail,
  BundleInput,
  BundleSummary,
  CatalogueFigures,
  ItemDetail,
  ItemInput,
  ItemKindSchema,
  ItemSummary,
  OnlineLevelSchema,
  TaxonomyView,
} from './services.schemas.ts';
import type { ServicesPresenter } from './services.presenter.ts';
import type { ServicesMetricsService } from './services-metrics.service.ts';

const IdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9_.-]*$' }) },
  { additionalProperties: false },
);
const bearer = [{ bearer: [] }];

export interface CatalogueRouteDeps {
  catalogue: CatalogueService;
  presenter: ServicesPresenter;
  metrics: ServicesMetricsService;
  policy: Policy;
}

/** The public catalogue (no sign-in): search, browse, items and bundles with their forms. */
export function registerCatalogueRoutes(app: HttpServer, deps: CatalogueRouteDeps): void {
  const { catalogue, presenter, policy } = deps;

  app.get(
    '/api/v1/services/items',
    {
      schema: {
        tags: ['services'],
        summary:
          'Search and browse service items (事项): text in Chinese or English, life event, topic, …',
        description:
          'Text search uses pg_trgm: items whose name, code or keywords contain the text rank first, then trigram-similar ones (typos, partial words).',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 100 })),
            lifeEvent: Type.Optional(Type.String({ maxLength: 64 })),
            topic: Type.Optional(Type.String({ maxLength: 64 })),
            department: Type.Optional(
              Type.String({ maxLength: 32, description: 'department code, e.g. scjg' }),
            ),
            audience: Type.Optional(AudienceSchema),
            onlineLevel: Type.Optional(OnlineLevelSchema),
            kind: Type.Optional(ItemKindSchema),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(ItemSummary), 400: Problem },
      },
    },
    async (request) => {
      const { department, ...filter } = request.query;
      const page = await catalogue.search({ ...filter, departmentCode: department });
      return {
        items: page.items.map((i) => presenter.item(i)),
        total: page.total,
        limit: filter.limit,
        offset: filter.offset,
      };
    },
  );

  app.get(
    '/api/v1/services/items/:id',
    {
      schema: {
        tags: ['services'],
        summary: 'A service item: materials, form (JSON Schema), days, online level',
        params: IdParams,
        response: { 200: ItemDetail, 404: Problem },
      },
    },
    async (request) => presenter.itemDetail(await catalogue.item(request.params.id)),
  );

  app.put(
    '/api/v1/services/items/:id',
    {
      schema: {
        tags: ['services'],
        summary: 'Create or replace a service item (catalogue administrators)',
        description:
          'Bundles containing the item are merged again; a conflict with them → 422 invalid_bundle.',
        security: bearer,
        params: IdParams,
        body: ItemInput,
        response: { 200: ItemDetail, ...problemResponses, 422: Problem },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      policy.authorize(actor, 'services.catalogue.manage');
      const item: ServiceItem = {
        ...request.body,
        id: request.params.id,
        form: request.body.form as unknown as FormSchema,
      };
      await catalogue.importItems(actor, [item]);
      return presenter.itemDetail(await catalogue.item(item.id));
    },
  );

  app.get(
    '/api/v1/services/bundles',
    {
      schema: {
        tags: ['services'],
        summary: 'Bundles (一件事): several items behind one form and one submission',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 100 })),
            lifeEvent: Type.Optional(Type.String({ maxLength: 64 })),
            audience: Type.Optional(AudienceSchema),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(BundleSummary) }), 400: Problem },
      },
    },
    async (request) => ({
      items: (await catalogue.searchBundles(request.query)).map((b) => presenter.bundle(b)),
    }),
  );

  app.get(
    '/api/v1/services/bundles/:id',
    {
      schema: {
        tags: ['services'],
        summary:
          'A bundle: its items, merged form with the field mapping, deduplicated materials, steps',
        params: IdParams,
        response: { 200: BundleDetail, 404: Problem },
      },
    },
    async (request) => {
      const bundle = await catalogue.bundle(request.params.id);
      return presenter.bundleDetail(bundle, await catalogue.itemsOfBundle(bundle));
    },
  );

  app.put(
    '/api/v1/services/bundles/:id',
    {
      schema: {
        tags: ['services'],
        summary: 'Create or replace a bundle from items (catalogue administrators)',
        description:
          'The form and materials are merged from the items: fields with one name are one field (types must agree; `aliases` join differently named ones), materials with one key are one material; steps name the items each waits for.',
        security: bearer,
        params: IdParams,
        body: BundleInput,
        response: { 200: BundleDetail, ...problemResponses, 422: Problem },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      policy.authorize(actor, 'services.catalogue.manage');
      await catalogue.importBundles(actor, [{ ...request.body, id: request.params.id }]);
      const bundle = await catalogue.bundle(request.params.id);
      return presenter.bundleDetail(bundle, await catalogue.itemsOfBundle(bundle));
    },
  );

  app.get(
    '/api/v1/services/taxonomy',
    {
      schema: {
        tags: ['services'],
        summary: 'Life events (人生事件, 企业生命周期) and topics, with how many items each has',
        response: { 200: TaxonomyView },
      },
    },
    async () => catalogue.taxonomy(),
  );

  app.get(
    '/api/v1/services/metrics/catalogue',
    {
      schema: {
        tags: ['services'],
        summary: 'The catalogue in figures: share of items 全程网办 and 最多跑一次, days',
        response: { 200: CatalogueFigures },
      },
    },
    async () => deps.metrics.catalogueFigures(),
  );
}
