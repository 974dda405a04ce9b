import { Type } from 'typebox';
import { AppError } from '../../platform/errors/app-error.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { Problem, problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import type { Policy } from '../identity/index.ts';
import type { CitycodeModule } from './citycode.module.ts';
import {
  HolderAttributesSchema,
  HolderScanView,
  IssuedCodeView,
  JwksView,
  ScanAnswerView,
  ScanBody,
  ScannerBody,
  ScannerChangeBody,
  ScannerId,
  ScannerView,
  ScannerWithKey,
  SceneBody,
  SceneChangeBody,
  SceneId,
  SceneTypeSchema,
  SceneTypeView,
  SceneView,
  StatsView,
} from './citycode.schemas.ts';
import type { ScannerRow, SceneRow } from './scene.repository.ts';
import { sceneTypeSpecs } from './scene-types.ts';

const bearer = [{ bearer: [] }];
const tags = ['citycode'];

const presentScene = (s: SceneRow) => ({
  id: s.id,
  type: s.type,
  name: s.name,
  nameEn: s.nameEn,
  regionId: s.regionId,
  rules: s.rules,
  fields: s.fields,
  status: s.status,
  version: s.version,
  updatedAt: s.updatedAt.toISOString(),
});

const presentScanner = (s: ScannerRow) => ({
  id: s.id,
  sceneId: s.sceneId,
  name: s.name,
  place: s.place,
  ratePerSecond: s.ratePerSecond,
  burst: s.burst,
  status: s.status,
  createdAt: s.createdAt.toISOString(),
});

export function registerCitycodeRoutes(
  app: HttpServer,
  deps: { citycode: CitycodeModule; policy: Policy },
): void {
  const { citycode, policy } = deps;
  const { registry, holders } = citycode;
  const admin = (request: Parameters<typeof authenticated>[0], action: string) => {
    const actor = authenticated(request);
    policy.authorize(actor, action);
    return actor;
  };

  // —— the holder ——

  app.post(
    '/api/v1/citycode/codes',
    {
      schema: {
        tags,
        summary:
          'Issue the logged-in citizen a city code (online OC1 + offline OC2); ask again when it expires',
        security: bearer,
        response: { 201: IssuedCodeView, ...problemResponses },
      },
    },
    async (request, reply) => {
      const issued = await citycode.issuer.issue(authenticated(request));
      return reply.status(201).header('cache-control', 'no-store').send(issued);
    },
  );

  app.get(
    '/api/v1/citycode/keys',
    {
      schema: {
        tags,
        summary: 'Public keys (JWKS, Ed25519) that verify offline codes (OC2)',
        response: { 200: JwksView },
      },
    },
    async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=300').send(citycode.jwks),
  );

  app.get(
    '/api/v1/citycode/holders/me',
    {
      schema: {
        tags,
        summary: 'What the city code knows about me (my attributes)',
        security: bearer,
        response: { 200: Type.Union([HolderAttributesSchema, Type.Null()]), ...problemResponses },
      },
    },
    async (request) => holders.attributesOf(authenticated(request).id),
  );

  app.put(
    '/api/v1/citycode/holders/:accountId',
    {
      schema: {
        tags,
        summary:
          "Replace a holder's attributes (as reported by insurance, transit, health, vehicle systems)",
        security: bearer,
        params: Type.Object(
          { accountId: Type.String({ format: 'uuid' }) },
          { additionalProperties: false },
        ),
        body: HolderAttributesSchema,
        response: { 200: HolderAttributesSchema, ...problemResponses },
      },
    },
    async (request) => {
      const actor = admin(request, 'citycode.holders.manage');
      await holders.put(actor, request.params.accountId, request.body);
      return (await holders.attributesOf(request.params.accountId))!;
    },
  );

  app.get(
    '/api/v1/citycode/scans/mine',
    {
      schema: {
        tags,
        summary: 'Where my code was scanned (newest first)',
        security: bearer,
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(HolderScanView), ...problemResponses },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const { limit, offset } = request.query;
      const page = await citycode.scansOf(actor.id, limit, offset);
      return { ...page, limit, offset };
    },
  );

  // —— scanners ——

  app.post(
    '/api/v1/citycode/scans',
    {
      schema: {
        tags,
        summary:
          'Scan a code (scanner devices, X-Scanner-Key): allow or deny, with only the fields the scene may see',
        description:
          'Authenticated by `X-Scanner-Key: <scannerId>.<secret>`. A decision (allow or deny) is 200; ' +
          'the scan is in the durable log before the answer leaves. A code is accepted once per ' +
          'scanner within its validity: a second scan is denied as `replayed`.',
        headers: Type.Object({
          'x-scanner-key': Type.Optional(Type.String({ maxLength: 200 })),
        }),
        body: ScanBody,
        response: { 200: ScanAnswerView, ...problemResponses, 429: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      const scanner = await registry.authenticate(request.headers['x-scanner-key']);
      try {
        return await citycode.scans.scan(scanner, request.body.code);
      } catch (error) {
        if (error instanceof AppError && typeof error.extra.retryAfterMs === 'number') {
          reply.header(
            'retry-after',
            String(Math.max(1, Math.ceil(error.extra.retryAfterMs / 1000))),
          );
        }
        throw error;
      }
    },
  );

  // —— configuration (admin) ——

  app.get(
    '/api/v1/citycode/scene-types',
    {
      schema: {
        tags,
        summary: 'Scene types: the most each may see and the attributes its rules may test',
        response: { 200: Type.Array(SceneTypeView) },
      },
    },
    async () =>
      Object.values(sceneTypeSpecs).map((spec) => ({
        type: spec.type,
        name: spec.name,
        allowedFields: [...spec.allowedFields],
        ruleAttributes: [...spec.ruleAttributes],
      })),
  );

  app.get(
    '/api/v1/citycode/scenes',
    {
      schema: {
        tags,
        summary: 'Scenes (configured uses of the code)',
        security: bearer,
        querystring: Type.Object(
          { type: Type.Optional(SceneTypeSchema) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(SceneView), ...problemResponses },
      },
    },
    async (request) => {
      admin(request, 'citycode.manage');
      return (await registry.listScenes(request.query.type)).map(presentScene);
    },
  );

  app.post(
    '/api/v1/citycode/scenes',
    {
      schema: {
        tags,
        summary:
          'Create a scene; fields or rules beyond its type are refused (field_not_allowed, rule_not_allowed)',
        security: bearer,
        body: SceneBody,
        response: { 201: SceneView, ...problemResponses, 409: Problem },
      },
    },
    async (request, reply) => {
      const actor = admin(request, 'citycode.manage');
      return reply.status(201).send(presentScene(await registry.createScene(actor, request.body)));
    },
  );

  app.get(
    '/api/v1/citycode/scenes/:id',
    {
      schema: {
        tags,
        summary: 'A scene',
        security: bearer,
        params: Type.Object({ id: SceneId }, { additionalProperties: false }),
        response: { 200: SceneView, ...problemResponses },
      },
    },
    async (request) => {
      admin(request, 'citycode.manage');
      return presentScene(await registry.getScene(request.params.id));
    },
  );

  app.patch(
    '/api/v1/citycode/scenes/:id',
    {
      schema: {
        tags,
        summary: 'Change a scene (rules, fields, status) with the version read',
        security: bearer,
        params: Type.Object({ id: SceneId }, { additionalProperties: false }),
        body: SceneChangeBody,
        response: { 200: SceneView, ...problemResponses, 409: Problem },
      },
    },
    async (request) => {
      const actor = admin(request, 'citycode.manage');
      return presentScene(await registry.updateScene(actor, request.params.id, request.body));
    },
  );

  app.get(
    '/api/v1/citycode/scanners',
    {
      schema: {
        tags,
        summary: 'Scanner devices, with their last scan and scan counts',
        security: bearer,
        querystring: Type.Object(
          { sceneId: Type.Optional(SceneId) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(ScannerView), ...problemResponses },
      },
    },
    async (request) => {
      admin(request, 'citycode.manage');
      return (await citycode.scannersWithActivity(request.query.sceneId)).map(
        ({ scanner, activity }) => ({
          ...presentScanner(scanner),
          lastScanAt: activity?.lastScanAt.toISOString() ?? null,
          scans: activity?.scans ?? 0,
          allowed: activity?.allowed ?? 0,
        }),
      );
    },
  );

  app.post(
    '/api/v1/citycode/scanners',
    {
      schema: {
        tags,
        summary: 'Register a scanner bound to a scene; the answer carries its key, shown once',
        security: bearer,
        body: ScannerBody,
        response: { 201: ScannerWithKey, ...problemResponses, 409: Problem },
      },
    },
    async (request, reply) => {
      const actor = admin(request, 'citycode.manage');
      const [created] = await registry.registerScanners(actor, [request.body]);
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({ scanner: presentScanner(created!.scanner), key: created!.key });
    },
  );

  app.patch(
    '/api/v1/citycode/scanners/:id',
    {
      schema: {
        tags,
        summary: 'Disable or enable a scanner, change its rate limit, or rotate its key',
        security: bearer,
        params: Type.Object({ id: ScannerId }, { additionalProperties: false }),
        body: ScannerChangeBody,
        response: { 200: ScannerWithKey, ...problemResponses },
      },
    },
    async (request, reply) => {
      const actor = admin(request, 'citycode.manage');
      const { scanner, key } = await registry.updateScanner(actor, request.params.id, request.body);
      return reply
        .header('cache-control', 'no-store')
        .send({ scanner: presentScanner(scanner), key });
    },
  );

  app.get(
    '/api/v1/citycode/stats',
    {
      schema: {
        tags,
        summary: 'Scans per scene per minute (the big screen)',
        security: bearer,
        querystring: Type.Object(
          { minutes: Type.Integer({ minimum: 1, maximum: 1440, default: 60 }) },
          { additionalProperties: false },
        ),
        response: { 200: StatsView, ...problemResponses },
      },
    },
    async (request) => {
      admin(request, 'citycode.stats');
      return citycode.stats(request.query.minutes);
    },
  );
}
