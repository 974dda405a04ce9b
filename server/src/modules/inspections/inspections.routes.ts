import { Type, type TSchema } from 'typebox';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { Page, PageQuery } from '../../platform/http/pagination.ts';
import { problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import type { Policy } from '../identity/index.ts';
import type { RegionScope } from '../regions/index.ts';
import type { InspectionTargetRepository, TargetRow } from './inspection-target.repository.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const StatusSchema = Type.Unsafe<'scheduled' | 'removed'>({
  type: 'string',
  enum: ['scheduled', 'removed'],
});

const TargetView = Type.Object({
  id: Type.String(),
  licenceId: Type.String(),
  licenceNumber: Type.String(),
  licenceType: Type.String(),
  name: Type.String(),
  address: Nullable(Type.String()),
  districtId: Nullable(Type.String()),
  departmentId: Type.String(),
  reason: Type.String(),
  status: StatusSchema,
  dueBy: DateTime,
  addedAt: DateTime,
  removedAt: Nullable(DateTime),
  removedReason: Nullable(Type.String()),
});

const present = (t: TargetRow) => ({
  id: t.id,
  licenceId: t.licenceId,
  licenceNumber: t.licenceNumber,
  licenceType: t.licenceType,
  name: t.name,
  address: t.address,
  districtId: t.districtId,
  departmentId: t.departmentId,
  reason: t.reason,
  status: t.status,
  dueBy: t.dueBy.toISOString(),
  addedAt: t.addedAt.toISOString(),
  removedAt: t.removedAt?.toISOString() ?? null,
  removedReason: t.removedReason,
});

export interface InspectionRouteDeps {
  db: Database;
  repository: InspectionTargetRepository;
  policy: Policy;
  regions: RegionScope;
  departmentOf: (actor: Actor) => Promise<string | null>;
}

export function registerInspectionRoutes(app: HttpServer, deps: InspectionRouteDeps): void {
  app.get(
    '/api/v1/inspections',
    {
      schema: {
        tags: ['inspections'],
        summary:
          'The market-supervision inspection list in my region (shops to inspect, soonest first)',
        description:
          'Staff of a department see their department’s list; commanders and administrators see every department in their region.',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            status: Type.Optional(StatusSchema),
            department: Type.Optional(Type.String({ maxLength: 64 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(TargetView), ...problemResponses },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      const scopes = deps.policy.scopesFor(actor, 'inspections.read');
      if (scopes.length === 0) deps.policy.authorize(actor, 'inspections.read');
      const districtIds = scopes.includes(deps.regions.rootId)
        ? null
        : scopes.flatMap((s) => deps.regions.descendantIds(s));
      const own = actor.kind === 'staff' ? await deps.departmentOf(actor) : null;
      const { status, department, limit, offset } = request.query;
      const page = await deps.repository.list(deps.db.orm, {
        districtIds,
        departmentId: own ?? department,
        status,
        limit,
        offset,
      });
      return { items: page.items.map(present), total: page.total, limit, offset };
    },
  );
}
