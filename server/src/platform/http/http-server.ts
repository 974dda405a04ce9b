import fs from 'node:fs';
import path from 'node:path';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { Logger } from 'pino';
import { Type } from 'typebox';
import type { Metrics } from '../metrics/metrics.ts';
import { lazyChildLogger } from '../log/lazy-request-logger.ts';
import { installErrorHandling } from './error-handler.ts';
import { Problem, problem } from './problem.ts';
import { validatorCompiler } from './validation.ts';

export type HttpServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface HttpOptions {
  logger: Logger;
  metrics: Metrics;
  bodyLimitBytes: number;
  version: string;
  /** Readiness: true only after migrations and the demo seed are done. */
  isReady: () => boolean;
  /** Built web app to serve at `/` (SPA fallback), when present. */
  webDir: string | null;
}

const openApiInfo = {
  title: 'OneCity API',
  description:
    'OneCity city operating platform: 一网统管 (run the city), 一网通办 (serve its people) and the data hub. ' +
    'Errors are RFC 9457 problem documents (application/problem+json) with a stable `code`.',
};

/**
 * Builds the Fastify instance with the platform's cross-cutting behaviour, in this order:
 * validation → error handling → OpenAPI → health and metrics → (modules add routes) → web.
 */
export async function createHttpServer(options: HttpOptions): Promise<HttpServer> {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimitBytes,
    // Our onResponse hook logs failed and slow requests; per-request logs would drown the rest.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    requestIdHeader: 'x-request-id',
    // The request's child logger is built only when the request logs something.
    childLoggerFactory: lazyChildLogger,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as HttpServer;

  app.setValidatorCompiler(validatorCompiler);
  // The API speaks JSON only; plain text bodies get 415 instead of a confusing type error.
  app.removeContentTypeParser('text/plain');
  const webDir =
    options.webDir && fs.existsSync(path.join(options.webDir, 'index.html'))
      ? options.webDir
      : null;
  if (webDir) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] });
  }
  installErrorHandling(
    app,
    options.metrics,
    webDir ? (_request, reply) => reply.type('text/html').sendFile('index.html') : null,
  );
  app.addSchema(Problem);

  // Hooks that run on every request are callback-style: no promise per request and hook.
  // The histogram's child per (method, route, status) is kept: prom-client would otherwise
  // hash the label object on every request.
  const timers = new Map<string, { observe(seconds: number): void }>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const id = `${request.method} ${reply.statusCode} ${route}`;
    let timer = timers.get(id);
    if (!timer) {
      timer = options.metrics.httpRequests.labels(request.method, route, String(reply.statusCode));
      // Bounded: routes and methods are the server's own, statuses few.
      if (timers.size < 10_000) timers.set(id, timer);
    }
    timer.observe(reply.elapsedTime / 1000);
    if (reply.statusCode >= 400 || reply.elapsedTime > 1000) {
      request.log.info(
        {
          method: request.method,
          url: route,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
    }
    done();
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { ...openApiInfo, version: options.version },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['platform'],
        summary: 'Liveness: the process answers',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['platform'],
        summary: 'Readiness: migrations ran and the demo city is seeded',
        response: { 200: Type.Object({ status: Type.Literal('ready') }), 503: Problem },
      },
    },
    async (_request, reply) => {
      if (!options.isReady()) {
        return reply
          .status(503)
          .type('application/problem+json')
          .send(
            problem(503, 'not_ready', 'Starting: migrations or the demo seed are still running'),
          );
      }
      return { status: 'ready' as const };
    },
  );
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(options.metrics.registry.contentType);
    return options.metrics.registry.metrics();
  });

  return app;
}
