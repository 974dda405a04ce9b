import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { AppError } from '../../platform/errors/app-error.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import type { ApiKeyService } from './api-key.service.ts';
import { FormBodyError, parseMultipart, parseUrlEncoded, type FormFields } from './form-body.ts';
import { MAX_RESULTS, type GeoReportService, type RequestQuery } from './georeport.service.ts';
import { Open311Error } from './open311-error.ts';
import {
  DefinitionView,
  DiscoveryView,
  formats,
  KeyQuery,
  Open311Errors,
  RequestsQuery,
  RequestView,
  ServiceView,
  SubmitBody,
  SubmitView,
  TokenView,
  UpdateView,
  type Format,
} from './open311.schemas.ts';
import {
  discoveryXml,
  errorsXml,
  requestsXml,
  servicesXml,
  definitionXml,
  submitXml,
  tokenXml,
  updatesXml,
  presentService,
  presentDefinition,
} from './open311.presenter.ts';

export const OPEN311_PREFIX = '/open311/v2';
const tags = ['open311'];
/** When the service list last changed shape (discovery's changeset). */
const CHANGESET = '2026-12-02T00:00:00+08:00';
/** Discovery and services change rarely: clients and proxies may keep them five minutes. */
const cacheable = 'public, max-age=300';

const contentTypes: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

const formatOf = (url: string): Format | null => {
  const path = url.split('?')[0] ?? '';
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return ext === 'json' || ext === 'xml' ? ext : null;
};

/** Response schemas: the JSON document for .json, the XML text for .xml. */
function responses(format: Format, ok: TSchema, okStatus = 200) {
  if (format === 'json') {
    return {
      [okStatus]: ok,
      400: Open311Errors,
      403: Open311Errors,
      404: Open311Errors,
      429: Open311Errors,
    };
  }
  const xml = (description: string) => ({
    description,
    content: { 'text/xml': { schema: Type.String() } },
  });
  return {
    [okStatus]: xml('The document in GeoReport v2 XML'),
    400: xml('<errors><error><code>400</code><description>…</description></error></errors>'),
    403: xml('Missing, unknown or revoked api_key'),
    404: xml('Unknown service_code, request id, token or jurisdiction'),
    429: xml('Rate limit reached'),
  };
}

function send(reply: FastifyReply, format: Format, status: number, json: unknown, xml: string) {
  return reply
    .status(status)
    .type(contentTypes[format])
    .send(format === 'json' ? json : xml);
}

/** The errors the spec knows (400, 403, 404) plus 429 for rate limits and 500 for our faults. */
function toOpen311(error: FastifyError): { status: number; description: string; retry?: number } {
  if (error instanceof Open311Error) {
    return { status: error.status, description: error.message, retry: error.retryAfterSeconds };
  }
  if (error.validation) {
    const context = (error as FastifyError & { validationContext?: string }).validationContext;
    const where = context === 'body' ? 'field' : 'parameter';
    const issues = error.validation.map((issue) => {
      const extra = issue.params?.additionalProperty;
      if (typeof extra === 'string') return `${extra} is not an accepted ${where}`;
      const name = issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || where;
      return `${name} ${issue.message ?? 'is invalid'}`;
    });
    return { status: 400, description: issues.join('; ') };
  }
  if (error instanceof AppError) {
    // The cases module's 422s (outside the city, a component id that does not fit) are 400 here.
    if (error.status === 403 || error.status === 404) {
      return { status: error.status, description: error.message };
    }
    if (error.status < 500) return { status: 400, description: error.message };
  }
  if (error instanceof FormBodyError) return { status: 400, description: error.message };
  const status = error.statusCode ?? 500;
  if (status === 413) return { status: 400, description: 'The request body is too large' };
  if (status === 415) {
    return {
      status: 400,
      description: 'Send application/x-www-form-urlencoded (or multipart/form-data without files)',
    };
  }
  if (status >= 400 && status < 500) return { status: 400, description: error.message };
  return { status: 500, description: 'The server could not complete the request' };
}

export interface Open311RouteDeps {
  georeport: GeoReportService;
  keys: ApiKeyService;
}

/**
 * GeoReport v2 at /open311/v2/: every resource as .json and .xml, errors in the spec's shape.
 * Registered in a scope of its own so its form parsers and error format stay here.
 */
export function registerOpen311Routes(app: HttpServer, deps: Open311RouteDeps): void {
  void app.register(
    async (scope) => {
      const server = scope as unknown as HttpServer;
      installScope(server, deps);
      for (const format of formats) routesFor(server, deps, format);
    },
    { prefix: OPEN311_PREFIX },
  );
}

function installScope(scope: HttpServer, deps: Open311RouteDeps): void {
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, parseUrlEncoded(body as string)),
  );
  scope.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer' },
    (request, body, done) => {
      try {
        done(null, parseMultipart(body as Buffer, request.headers['content-type'] ?? ''));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  scope.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, description, retry } = toOpen311(error);
    if (status >= 500) request.log.error({ err: error }, 'open311 request failed');
    if (retry) reply.header('retry-after', String(retry));
    const format = formatOf(request.url) ?? 'json';
    return send(
      reply,
      format,
      status,
      [{ code: status, description }],
      errorsXml(status, description),
    );
  });
  scope.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const format = formatOf(path);
    const description = format
      ? `No resource ${request.method} ${path}`
      : `No resource ${request.method} ${path}: GeoReport v2 resources end in .json or .xml`;
    return send(
      reply,
      format ?? 'json',
      404,
      [{ code: 404, description }],
      errorsXml(404, description),
    );
  });
  // Every call: jurisdiction, then the key (required to write) or the caller's address for reads.
  scope.addHook('preHandler', async (request) => {
    const fields = (request.method === 'POST' ? request.body : request.query) as FormFields | null;
    const value = (name: string) => {
      const raw = fields?.[name];
      return typeof raw === 'string' && raw !== '' ? raw : undefined;
    };
    deps.georeport.checkJurisdiction(value('jurisdiction_id'));
    const apiKey = value('api_key');
    if (request.method === 'POST' || apiKey !== undefined) {
      try {
        keyOf.set(request, await deps.keys.authenticate(apiKey));
      } catch (error) {
        // Guessing keys costs the caller's address its anonymous budget: floods end in 429.
        if (error instanceof Open311Error && error.status === 403) {
          deps.keys.limitAnonymous(request.ip);
        }
        throw error;
      }
    } else {
      deps.keys.limitAnonymous(request.ip);
    }
  });
}

const keyOf = new WeakMap<FastifyRequest, Awaited<ReturnType<ApiKeyService['authenticate']>>>();

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);

function routesFor(app: HttpServer, deps: Open311RouteDeps, format: Format): void {
  const { georeport } = deps;
  const ext = `.${format}`;

  app.get(
    `/discovery${ext}`,
    {
      schema: {
        tags,
        summary: `GeoReport v2 discovery (${format})`,
        querystring: KeyQuery,
        response: responses(format, DiscoveryView),
      },
    },
    async (request, reply) => {
      const base = `${request.protocol}://${request.host}${OPEN311_PREFIX}`;
      const discovery = {
        changeset: CHANGESET,
        contact: 'OneCity 城市运行管理中心 — 12345 市民服务热线',
        key_service: 'API keys are issued by the city administrator (onecity open311 keys add)',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: base,
            changeset: CHANGESET,
            type: 'production',
            formats: ['application/json', 'text/xml'],
          },
        ],
      };
      reply.header('cache-control', cacheable);
      return send(reply, format, 200, discovery, discoveryXml(discovery));
    },
  );

  app.get(
    `/services${ext}`,
    {
      schema: {
        tags,
        summary: `Services: the GB/T 30428 classes a person can report (${format})`,
        querystring: KeyQuery,
        response: responses(format, Type.Array(ServiceView)),
      },
    },
    async (_request, reply) => {
      const services = (await georeport.services()).map(presentService);
      reply.header('cache-control', cacheable);
      return send(reply, format, 200, services, servicesXml(services));
    },
  );

  app.get(
    `/services/:service_code${ext}`,
    {
      schema: {
        tags,
        summary: `A service's definition: its attributes (${format})`,
        params: Type.Object(
          { service_code: Type.String({ maxLength: 16 }) },
          { additionalProperties: false },
        ),
        querystring: KeyQuery,
        response: responses(format, DefinitionView),
      },
    },
    async (request, reply) => {
      const definition = presentDefinition(await georeport.service(request.params.service_code));
      reply.header('cache-control', cacheable);
      return send(reply, format, 200, definition, definitionXml(definition));
    },
  );

  app.post(
    `/requests${ext}`,
    {
      schema: {
        tags,
        summary: `Submit a service request; it becomes a case (${format})`,
        description:
          'Form-encoded. api_key is required (403 without it, or with an unknown or revoked key). ' +
          'service_code must be listed (404 otherwise); the location is lat+long, or an address_string naming a ' +
          "residents' committee; a point outside the city is 400. attribute[code]=value per the service definition. " +
          'The request is created at once: the answer carries service_request_id (the case number) and a token that ' +
          'GET tokens/{token} resolves.',
        consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
        body: SubmitBody,
        response: responses(format, Type.Array(SubmitView), 201),
      },
    },
    async (request, reply) => {
      const key = keyOf.get(request);
      if (!key) throw new Open311Error(403, 'api_key is required to submit a service request');
      const created = await georeport.submit(key, request.body as FormFields);
      return send(reply, format, 201, [created], submitXml(created));
    },
  );

  app.get(
    `/requests${ext}`,
    {
      schema: {
        tags,
        summary: `Service requests: by ids, service, status and date; the last 90 days by default (${format})`,
        description:
          `At most ${MAX_RESULTS} results; page and page_size (extension) page through more. ` +
          'Requests of every channel are listed (grid workers, hotline, sensors, Open311); descriptions of citizens’ ' +
          'and hotline reports are withheld, reporters are never shown. A merged request follows the case it joined.',
        querystring: RequestsQuery,
        response: responses(format, Type.Array(RequestView)),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const statuses = list(q.status);
      if (statuses?.some((s) => s !== 'open' && s !== 'closed')) {
        throw new Open311Error(400, 'status must be open, closed or open,closed');
      }
      const query: RequestQuery = {
        serviceRequestIds: list(q.service_request_id),
        serviceCodes: list(q.service_code),
        status: statuses?.length === 1 ? (statuses[0] as 'open' | 'closed') : undefined,
        startDate: q.start_date ? new Date(q.start_date) : undefined,
        endDate: q.end_date ? new Date(q.end_date) : undefined,
        page: q.page ?? 1,
        pageSize: q.page_size ?? MAX_RESULTS,
      };
      const items = await georeport.list(query);
      return send(reply, format, 200, items, requestsXml(items));
    },
  );

  app.get(
    `/requests/:service_request_id${ext}`,
    {
      schema: {
        tags,
        summary: `One service request (${format})`,
        params: Type.Object(
          { service_request_id: Type.String({ maxLength: 64 }) },
          { additionalProperties: false },
        ),
        querystring: KeyQuery,
        response: responses(format, Type.Array(RequestView)),
      },
    },
    async (request, reply) => {
      const found = await georeport.get(request.params.service_request_id);
      return send(reply, format, 200, [found], requestsXml([found]));
    },
  );

  app.get(
    `/requests/:service_request_id/updates${ext}`,
    {
      schema: {
        tags,
        summary: `Extension: a request's public history (${format})`,
        description:
          "Each step of the case loop (立案, 派遣, 处置反馈, 核查, 结案 …) with the request's status after it; " +
          'fields as in the servicerequestupdates extension (update_id, service_request_id, status, updated_datetime, description, media_url). ' +
          'Notes appear only for steps written for the reporter (立案, 不予立案, 结案, 重新打开); no staff names.',
        params: Type.Object(
          { service_request_id: Type.String({ maxLength: 64 }) },
          { additionalProperties: false },
        ),
        querystring: KeyQuery,
        response: responses(format, Type.Array(UpdateView)),
      },
    },
    async (request, reply) => {
      const updates = await georeport.updates(request.params.service_request_id);
      return send(reply, format, 200, updates, updatesXml(updates));
    },
  );

  app.get(
    `/tokens/:token${ext}`,
    {
      schema: {
        tags,
        summary: `The service_request_id a token stands for (${format})`,
        params: Type.Object(
          { token: Type.String({ maxLength: 64 }) },
          { additionalProperties: false },
        ),
        querystring: KeyQuery,
        response: responses(format, Type.Array(TokenView)),
      },
    },
    async (request, reply) => {
      const found = await georeport.token(request.params.token);
      return send(reply, format, 200, [found], tokenXml(found));
    },
  );
}
