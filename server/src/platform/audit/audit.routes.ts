import { Type } from 'typebox';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/database.ts';
import type { HttpServer } from '../http/http-server.ts';
import { Page, PageQuery } from '../http/pagination.ts';
import { problemResponses } from '../http/problem.ts';
import type { FastifyRequest } from 'fastify';
import type { AuditLog } from './audit-log.ts';

const AuditEntrySchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.String(),
  actorName: Type.String(),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.String(),
  regionId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
});

export function registerAuditRoutes(
  app: HttpServer,
  deps: {
    db: Database;
    auditLog: AuditLog;
    authorize: (request: FastifyRequest, action: string) => Actor;
  },
): void {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['platform'],
        summary: 'Read the audit log, newest first',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            targetType: Type.Optional(Type.String()),
            targetId: Type.Optional(Type.String()),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(AuditEntrySchema), ...problemResponses },
      },
    },
    async (request) => {
      deps.authorize(request, 'audit.read');
      const { limit, offset, targetType, targetId } = request.query;
      const { items, total } = await deps.auditLog.list(deps.db.orm, {
        limit,
        offset,
        targetType,
        targetId,
      });
      return {
        items: items.map((entry) => ({
          ...entry,
          at: entry.at.toISOString(),
          details: entry.details as Record<string, unknown>,
        })),
        total,
        limit,
        offset,
      };
    },
  );

  app.get(
    '/api/v1/audit/verify',
    {
      schema: {
        tags: ['platform'],
        summary: 'Walk the audit hash chain and report edited, inserted or deleted rows',
        security: [{ bearer: [] }],
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            checked: Type.Integer(),
            problems: Type.Array(
              Type.Object({ seq: Type.Integer(), kind: Type.String(), detail: Type.String() }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      deps.authorize(request, 'audit.read');
      return deps.auditLog.verify(deps.db.orm);
    },
  );
}
