import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../../platform/auth/actor.ts';
import { forbidden, notFound, unauthorized } from '../../platform/errors/app-error.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import type { Policy } from '../identity/index.ts';
import type { RegionScope } from '../regions/index.ts';
import type { ScreenAggregator } from './screen-aggregator.ts';
import { SseConnection, sseHeaders } from './screen-stream.ts';
import {
  DevicesQuery,
  RegionQuery,
  ScreenAlerts,
  ScreenCrowd,
  ScreenDevices,
  ScreenOverview,
  StreamQuery,
} from './screen.schemas.ts';

export const SCREEN_READ = 'screen.read';
const tags = ['screen'];
const security = [{ bearer: [] }];

export interface ScreenRouteDeps {
  aggregator: ScreenAggregator;
  policy: Policy;
  regions: RegionScope;
  /** Turns a bearer token into an actor (identity module); for `?access_token=` on the stream. */
  authenticate: (token: string) => Promise<Actor>;
}

/**
 * The big screen's API: an overview per region, the device layer as columns, active alerts,
 * crowd cells, and the live stream. Every route checks `screen.read` on the asked region; a
 * region outside the caller's scope is 403, an unknown one 404.
 */
export function registerScreenRoutes(app: HttpServer, deps: ScreenRouteDeps): void {
  const { aggregator, policy, regions } = deps;

  /** The asked region, or the city, or (for staff of one district or street) their own. */
  const regionFor = (actor: Actor, regionId: string | undefined): string => {
    if (regionId !== undefined) {
      if (!regions.exists(regionId)) throw notFound('region', regionId);
      policy.authorize(actor, SCREEN_READ, { regionId });
      return regionId;
    }
    if (policy.can(actor, SCREEN_READ, { regionId: regions.rootId })) return regions.rootId;
    const own = policy.scopesFor(actor, SCREEN_READ).find((id) => regions.exists(id));
    if (!own) throw forbidden(`${actor.username} may not ${SCREEN_READ}`);
    return own;
  };
  const scoped = (request: FastifyRequest, regionId: string | undefined) =>
    regionFor(authenticated(request), regionId);

  app.get(
    '/api/v1/screen/overview',
    {
      schema: {
        tags,
        summary: 'The big screen’s figures for one region (the city by default)',
        description:
          'Devices, readings per second, alerts, cases, services, city code scans and the next level’s regions. ' +
          'Computed once per region per change and shared by every screen.',
        security,
        querystring: RegionQuery,
        response: { 200: ScreenOverview, ...problemResponses },
      },
    },
    async (request) => aggregator.overview(scoped(request, request.query.regionId)),
  );

  app.get(
    '/api/v1/screen/devices',
    {
      schema: {
        tags,
        summary: 'Located devices of a region as columns (id, lng, lat, state) for the map layer',
        description: 'state: 0 online, 1 offline, 2 alerting (an open alert).',
        security,
        querystring: DevicesQuery,
        response: { 200: ScreenDevices, ...problemResponses },
      },
    },
    async (request, reply) => {
      const points = await aggregator.devicePoints(
        scoped(request, request.query.regionId),
        request.query.ids,
      );
      // Serialized once per change and cached: the schema documents it, the bytes go as they are.
      return reply
        .header('cache-control', 'no-cache')
        .type('application/json; charset=utf-8')
        .send(points.body as never);
    },
  );

  app.get(
    '/api/v1/screen/alerts',
    {
      schema: {
        tags,
        summary: 'Open alerts (active or acknowledged) of a region, newest first, at most 500',
        security,
        querystring: RegionQuery,
        response: { 200: ScreenAlerts, ...problemResponses },
      },
    },
    async (request) => aggregator.alertList(scoped(request, request.query.regionId)),
  );

  app.get(
    '/api/v1/screen/crowd',
    {
      schema: {
        tags,
        summary: 'Latest crowd-counter counts summed per H3 cell (resolution 8)',
        security,
        querystring: RegionQuery,
        response: { 200: ScreenCrowd, ...problemResponses },
      },
    },
    async (request) => aggregator.crowd(scoped(request, request.query.regionId)),
  );

  app.get(
    '/api/v1/screen/stream',
    {
      schema: {
        tags,
        summary: 'Live screen: Server-Sent Events of a region’s overview and alerts',
        description:
          'text/event-stream. On connect `event: overview` (id = seq) and `event: alerts` with the current state; ' +
          'then each again whenever it changes (coalesced, at most about twice a second); `: ping` every 15 s. ' +
          'Authorization: Bearer header, or `?access_token=` on this route only.',
        security,
        querystring: StreamQuery,
        response: {
          200: {
            description: 'Server-Sent Events',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const token = request.query.access_token;
      const actor = request.actor ?? (token ? await deps.authenticate(token) : null);
      if (!actor) {
        throw unauthorized('The stream needs a bearer token (header or ?access_token=)');
      }
      const regionId = regionFor(actor, request.query.regionId);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, sseHeaders);
      res.write('retry: 3000\n\n');
      let unsubscribe: (() => void) | null = null;
      let gone = false;
      const connection = new SseConnection(res, () => {
        gone = true;
        unsubscribe?.();
      });
      try {
        unsubscribe = await aggregator.subscribe(regionId, connection);
        if (gone) unsubscribe();
      } catch (error) {
        request.log.warn({ err: (error as Error).message }, 'screen stream could not start');
        connection.close();
      }
    },
  );
}
