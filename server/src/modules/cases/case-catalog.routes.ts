import { Type } from 'typebox';
import type { Actor } from '../../platform/auth/actor.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { Problem, problemResponses } from '../../platform/http/problem.ts';
import { authenticated } from '../../platform/http/request-actor.ts';
import type { Policy } from '../identity/index.ts';
import type { RegionsService } from '../regions/index.ts';
import type { CaseCatalog } from './case-catalog.service.ts';
import type { CaseClassRow, DispatchRuleRow } from './case-class.repository.ts';
import type { CaseSettingsStore } from './case-settings.ts';
import { presentAssignment } from './case.presenter.ts';
import { AssignmentView, ClassId, Nullable, PrioritySchema, StringEnum } from './case.schemas.ts';
import type { DepartmentDirectory } from './department-directory.ts';
import { classNamesEn } from './gbt30428-catalog.ts';

const Hours = Type.Number({ minimum: 0, maximum: 2000 });
const StageHours = Type.Object(
  { dispatch: Hours, handle: Hours, verify: Hours },
  { additionalProperties: false },
);
const Deadlines = Type.Object(
  { urgent: StageHours, important: StageHours, normal: StageHours },
  { additionalProperties: false, description: 'Working hours per priority and stage' },
);
const ClassView = Type.Object(
  {
    id: Type.String(),
    kind: StringEnum(['component', 'event'] as const),
    bigCode: Type.String(),
    bigName: Type.String(),
    smallCode: Type.String(),
    smallName: Type.String(),
    bigNameEn: Type.String({ description: 'English name of the big class' }),
    smallNameEn: Type.String({ description: 'English name of the small class' }),
    nameEn: Type.String({ description: '"Street order / E-bikes parked in the wrong place"' }),
    departmentCode: Type.String(),
    keepInGrid: Type.Boolean(),
    defaultPriority: PrioritySchema,
    deadlines: Deadlines,
    enabled: Type.Boolean(),
    version: Type.Integer(),
  },
  { $id: 'CaseClass' },
);
const Target = StringEnum(['department_code', 'department', 'grid'] as const);
const RuleView = Type.Object(
  {
    id: Type.String(),
    classId: Type.String(),
    regionId: Type.String(),
    target: Target,
    departmentCode: Nullable(Type.String()),
    departmentId: Nullable(Type.String()),
    note: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'CaseDispatchRule' },
);
const Severity = StringEnum(['critical', 'major', 'minor', 'warning', 'info'] as const);
const MappingBody = Type.Object(
  {
    ruleId: Nullable(Type.String({ format: 'uuid' })),
    productId: Nullable(Type.String({ maxLength: 64 })),
    minSeverity: Severity,
    classId: ClassId,
    priority: PrioritySchema,
    onCleared: StringEnum(['close', 'note'] as const),
    enabled: Type.Boolean(),
  },
  { additionalProperties: false },
);
const MappingView = Type.Object(
  { id: Type.String(), ...MappingBody.properties },
  { $id: 'CaseAlertMapping' },
);
const settingsFields = {
  duplicateRadiusMeters: Type.Number({ minimum: 1, maximum: 5000 }),
  duplicateWindowHours: Type.Number({ minimum: 0.1, maximum: 720 }),
  warnAtFraction: Type.Number({ minimum: 0.1, maximum: 0.99 }),
  escalateEveryWorkingHours: Type.Number({ minimum: 0.1, maximum: 200 }),
  photoMaxBytes: Type.Integer({ minimum: 1024, maximum: 20 * 1024 * 1024 }),
};
const SettingsView = Type.Object(settingsFields, { $id: 'CaseSettings' });
const bearer = [{ bearer: [] }];
const IdParams = Type.Object(
  { id: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);

const presentClass = (c: CaseClassRow) => ({
  id: c.id,
  kind: c.kind,
  bigCode: c.bigCode,
  bigName: c.bigName,
  smallCode: c.smallCode,
  smallName: c.smallName,
  ...classNamesEn(c),
  departmentCode: c.departmentCode,
  keepInGrid: c.keepInGrid,
  defaultPriority: c.defaultPriority,
  deadlines: c.deadlines,
  enabled: c.enabled,
  version: c.version,
});
const presentRule = (r: DispatchRuleRow) => ({ ...r, createdAt: r.createdAt.toISOString() });

/** The GB/T 30428 classes, dispatch rules, alert → case mappings and the module's settings. */
export function registerCaseCatalogRoutes(
  app: HttpServer,
  deps: {
    catalog: CaseCatalog;
    settings: CaseSettingsStore;
    departments: DepartmentDirectory;
    regions: RegionsService;
    policy: Policy;
  },
): void {
  const { catalog, policy, regions } = deps;
  const city = () => ({ regionId: regions.rootId });
  /** Reference data: anyone who may read cases somewhere may read it. */
  const readsCases = (actor: Actor) => {
    if (policy.scopesFor(actor, 'cases.read').length === 0) policy.authorize(actor, 'cases.read');
  };

  app.get(
    '/api/v1/case-classes',
    {
      schema: {
        tags: ['cases'],
        summary:
          'GB/T 30428 classes: components (部件) and events (事件), with departments and deadlines',
        security: bearer,
        querystring: Type.Object(
          {
            kind: Type.Optional(StringEnum(['component', 'event'] as const)),
            enabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(ClassView) }), ...problemResponses },
      },
    },
    async (request) => {
      authenticated(request);
      await catalog.refresh();
      const { kind, enabled } = request.query;
      const items = catalog
        .listClasses()
        .filter(
          (c) => (!kind || c.kind === kind) && (enabled === undefined || c.enabled === enabled),
        );
      return { items: items.map(presentClass) };
    },
  );

  app.patch(
    '/api/v1/case-classes/:id',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Change a class’s department kind, grid handling, default priority, deadlines or availability',
        security: bearer,
        params: Type.Object({ id: ClassId }, { additionalProperties: false }),
        body: Type.Object(
          {
            expectedVersion: Type.Integer({ minimum: 1 }),
            departmentCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
            keepInGrid: Type.Optional(Type.Boolean()),
            defaultPriority: Type.Optional(PrioritySchema),
            deadlines: Type.Optional(Deadlines),
            enabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: ClassView, ...problemResponses, 409: Problem },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      policy.authorize(actor, 'cases.classes.manage', city());
      const { expectedVersion, ...patch } = request.body;
      return presentClass(
        await catalog.updateClass(actor, request.params.id, expectedVersion, patch),
      );
    },
  );

  app.get(
    '/api/v1/case-dispatch-rules',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Dispatch rules: class × region subtree → department kind, department, or keep in the grid',
        security: bearer,
        querystring: Type.Object(
          {
            classId: Type.Optional(ClassId),
            regionId: Type.Optional(Type.String({ maxLength: 32 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(RuleView) }), ...problemResponses },
      },
    },
    async (request) => {
      readsCases(authenticated(request));
      await catalog.refresh();
      const { classId, regionId } = request.query;
      const items = catalog
        .listRules()
        .filter(
          (r) => (!classId || r.classId === classId) && (!regionId || r.regionId === regionId),
        );
      return { items: items.map(presentRule) };
    },
  );

  app.put(
    '/api/v1/case-dispatch-rules',
    {
      schema: {
        tags: ['cases'],
        summary: 'Set the rule for a class in a region subtree (replaces that pair’s rule)',
        security: bearer,
        body: Type.Object(
          {
            classId: ClassId,
            regionId: Type.String({ minLength: 1, maxLength: 32 }),
            target: Target,
            departmentCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
            departmentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            note: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: RuleView, ...problemResponses, 422: Problem },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      policy.authorize(actor, 'cases.rules.manage', { regionId: request.body.regionId });
      return presentRule(await catalog.saveRule(actor, request.body));
    },
  );

  app.delete(
    '/api/v1/case-dispatch-rules/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'Delete a dispatch rule (the class default applies again)',
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const actor = authenticated(request);
      await catalog.refresh();
      const rule = catalog.findRule(request.params.id);
      if (!rule) throw notFound('dispatch rule', request.params.id);
      policy.authorize(actor, 'cases.rules.manage', { regionId: rule.regionId });
      await catalog.deleteRule(actor, rule.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/case-dispatch-rules/resolve',
    {
      schema: {
        tags: ['cases'],
        summary: 'Who would handle a case of this class in this grid (preview of the rules)',
        security: bearer,
        querystring: Type.Object(
          { classId: ClassId, gridId: Type.String({ minLength: 1, maxLength: 32 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ assignment: AssignmentView }), ...problemResponses },
      },
    },
    async (request) => {
      const { classId, gridId } = request.query;
      policy.authorize(authenticated(request), 'cases.read', { regionId: gridId });
      if (!regions.exists(gridId) || regions.get(gridId).level !== 'grid') {
        throw notFound('grid', gridId);
      }
      await catalog.refresh();
      await deps.departments.refresh();
      return { assignment: presentAssignment(catalog.resolve(classId, gridId)) };
    },
  );

  app.get(
    '/api/v1/case-alert-mappings',
    {
      schema: {
        tags: ['cases'],
        summary: 'Which IoT alerts open which cases (rule / product / severity → class, priority)',
        security: bearer,
        response: { 200: Type.Object({ items: Type.Array(MappingView) }), ...problemResponses },
      },
    },
    async (request) => {
      readsCases(authenticated(request));
      await catalog.refresh();
      return { items: catalog.alertMappings() };
    },
  );

  app.post(
    '/api/v1/case-alert-mappings',
    {
      schema: {
        tags: ['cases'],
        summary: 'Add an alert → case mapping (the most specific match wins)',
        security: bearer,
        body: MappingBody,
        response: { 201: MappingView, ...problemResponses, 422: Problem },
      },
    },
    async (request, reply) => {
      const actor = authenticated(request);
      policy.authorize(actor, 'cases.classes.manage', city());
      return reply.status(201).send(await catalog.addMapping(actor, request.body));
    },
  );

  app.delete(
    '/api/v1/case-alert-mappings/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'Delete an alert → case mapping',
        security: bearer,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      const actor = authenticated(request);
      policy.authorize(actor, 'cases.classes.manage', city());
      await catalog.deleteMapping(actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/case-settings',
    {
      schema: {
        tags: ['cases'],
        summary:
          'Duplicate radius and window, deadline warning share, escalation interval, photo size limit',
        security: bearer,
        response: { 200: SettingsView, ...problemResponses },
      },
    },
    async (request) => {
      readsCases(authenticated(request));
      return deps.settings.get();
    },
  );

  app.patch(
    '/api/v1/case-settings',
    {
      schema: {
        tags: ['cases'],
        summary: 'Change some of the cases settings',
        security: bearer,
        body: Type.Partial(Type.Object(settingsFields), { additionalProperties: false }),
        response: { 200: SettingsView, ...problemResponses },
      },
    },
    async (request) => {
      const actor = authenticated(request);
      policy.authorize(actor, 'cases.settings.manage', city());
      return deps.settings.update(actor, request.body);
    },
  );
}
