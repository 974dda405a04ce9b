import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { HttpServer } from './http-server.ts';
import { problem, type ProblemBody } from './problem.ts';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * The one place errors become responses: every error — validation, a coded AppError, a
 * framework error, a 404 — is an `application/problem+json` document; 5xx hide internals.
 */
export function installErrorHandling(
  app: HttpServer,
  metrics: Metrics,
  serveAppPage: ((request: FastifyRequest, reply: FastifyReply) => unknown) | null,
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = toProblem(error, request);
    if (body.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    }
    return send(reply, body, metrics);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // Client-side routes of the web app (/workbench, /portal/…) get its index page.
    const wantsPage =
      request.method === 'GET' &&
      !path.startsWith('/api/') &&
      !/\.[a-z0-9]+$/i.test(path) &&
      (request.headers.accept ?? '').includes('text/html');
    if (wantsPage && serveAppPage) return serveAppPage(request, reply);
    return send(
      reply,
      problem(404, 'route_not_found', `No route ${request.method} ${path}`),
      metrics,
    );
  });
}

function send(reply: FastifyReply, body: ProblemBody, metrics: Metrics) {
  metrics.problems.inc({ code: body.code, status: String(body.status) });
  return reply.status(body.status).type('application/problem+json').send(body);
}

export function toProblem(error: FastifyError, request: FastifyRequest): ProblemBody {
  const instance = request.url.split('?')[0];
  if (error instanceof AppError) {
    return problem(error.status, error.code, error.message, { instance, ...error.extra });
  }
  if (error.validation) {
    const issues = (error.validation as ValidationIssue[]).map((issue) => describe(issue, error));
    return problem(
      400,
      'validation_failed',
      issues.map((i) => `${i.path}: ${i.message}`).join('; '),
      {
        instance,
        errors: issues,
      },
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(
        400,
        'malformed_json',
        `The request body is not valid JSON: ${error.message}`,
        {
          instance,
        },
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(
        413,
        'body_too_large',
        'The request body is larger than this endpoint accepts',
        {
          instance,
        },
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(
        415,
        'unsupported_media_type',
        `Content type ${request.headers['content-type'] ?? '(none)'} is not accepted; send application/json`,
        { instance },
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(400, 'bad_content_length', error.message, { instance });
  }
  const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) {
    return problem(status, 'internal_error', 'The server could not complete the request', {
      instance,
    });
  }
  return problem(status, (error.code ?? 'request_error').toLowerCase(), error.message, {
    instance,
  });
}

function describe(issue: ValidationIssue, error: FastifyError) {
  const context =
    (error as FastifyError & { validationContext?: string }).validationContext ?? 'body';
  let path = `${context}${issue.instancePath ?? ''}`.replace(/\//g, '.');
  let message = issue.message ?? 'is invalid';
  const extra = issue.params?.additionalProperty;
  if (typeof extra === 'string') {
    path = `${path}.${extra}`;
    message = 'is not an accepted field';
  }
  const missing = issue.params?.missingProperty;
  if (typeof missing === 'string') {
    path = `${path}.${missing}`;
    message = 'is required';
  }
  return { path, message };
}
