import { Type, type TSchema } from 'typebox';
import {
  casePriorities,
  caseSources,
  caseStages,
  escalationLevels,
  personActions,
} from './case-workflow.ts';

export const StringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const StageSchema = StringEnum(caseStages);
export const PrioritySchema = StringEnum(
  casePriorities,
  'urgent 紧急 · important 重要 · normal 一般',
);
export const SourceSchema = StringEnum(caseSources);
export const LevelSchema = StringEnum(escalationLevels);
export const ActionSchema = StringEnum(personActions);
export const QueueSchema = StringEnum(
  ['accept', 'dispatch', 'department', 'verify', 'close'] as const,
  'accept: to register · dispatch: to dispatch, send to verification or decide an extension · department: assigned to my department (or kept in my grid) · verify: to verify on site · close: verified, to close',
);
export const ClassId = Type.String({
  pattern: '^[CE][0-9]{4}$',
  description: 'e.g. E0501 (事件 05 街面秩序 / 01 电瓶车乱停放)',
});
const PhotoId = Type.String({ format: 'uuid' });

export const IntakeBody = Type.Object(
  {
    classId: Type.String({ minLength: 1, maxLength: 16 }),
    priority: Type.Optional(PrioritySchema),
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    source: Type.Optional(
      StringEnum(
        ['grid_worker', 'hotline_12345', 'citizen', 'open311'] as const,
        'Defaults: citizens → citizen, grid workers → grid_worker, other staff → hotline_12345',
      ),
    ),
    componentId: Type.Optional(Type.String({ pattern: '^[0-9]{16}$' })),
    reporterName: Type.Optional(Type.String({ maxLength: 50 })),
    reporterPhone: Type.Optional(Type.String({ pattern: '^1[3-9][0-9]{9}$' })),
    photoIds: Type.Optional(Type.Array(PhotoId, { maxItems: 9 })),
    notDuplicateOf: Type.Optional(
      Type.Array(Type.String({ format: 'uuid' }), {
        maxItems: 50,
        description:
          'The reporter was shown these cases as possible duplicates (GET /api/v1/cases/possible-duplicates) and says this is a different problem (不是同一件事). ' +
          'Stored with the case; duplicate detection no longer offers them for it. An id that is not a case → 422 unknown_case.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const DuplicateQuery = Type.Object(
  {
    classId: Type.String({ minLength: 1, maxLength: 16 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
  },
  { additionalProperties: false },
);

export const TransitionBody = Type.Object(
  {
    action: ActionSchema,
    expectedVersion: Type.Integer({
      minimum: 1,
      description: 'The version you read; a stale one gets 409 version_conflict',
    }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    departmentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    keepInGrid: Type.Optional(Type.Boolean()),
    photoIds: Type.Optional(Type.Array(PhotoId, { maxItems: 9 })),
    masterCaseId: Type.Optional(Type.String({ format: 'uuid' })),
    extensionHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 2000 })),
  },
  { additionalProperties: false },
);

export const CaseView = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    source: SourceSchema,
    classId: Type.String(),
    className: Type.String(),
    classNameEn: Type.String({ description: 'The class in English (for the English switch)' }),
    kind: StringEnum(['component', 'event'] as const),
    priority: PrioritySchema,
    description: Type.String(),
    address: Nullable(Type.String()),
    location: Type.Tuple([Type.Number(), Type.Number()]),
    gridId: Type.String(),
    streetId: Type.String(),
    districtId: Type.String(),
    regionNames: Type.Object({
      grid: Type.String(),
      street: Type.String(),
      district: Type.String(),
    }),
    districtNameEn: Nullable(
      Type.String({
        description:
          'The district in English (Huangpu District); streets and grids have no English names',
      }),
    ),
    componentId: Nullable(Type.String()),
    reporterName: Nullable(Type.String()),
    reporterPhone: Nullable(
      Type.String({ description: 'Masked unless you may contact the reporter' }),
    ),
    alertId: Nullable(Type.String()),
    masterCaseId: Nullable(Type.String()),
    notDuplicateOf: Type.Array(Type.String(), {
      description:
        'Cases the reporter was shown as possible duplicates and confirmed this is not the same as (市民确认不是重复)',
    }),
    stage: StageSchema,
    suspended: Type.Boolean(),
    overdue: Type.Boolean(),
    overdueCount: Type.Integer(),
    supervised: Type.Boolean(),
    escalationLevel: LevelSchema,
    assigneeDepartmentId: Nullable(Type.String()),
    keptInGrid: Type.Boolean(),
    handlerId: Nullable(Type.String({ description: 'Who signed for it (签收)' })),
    deadlineStage: Nullable(StringEnum(['dispatch', 'handle', 'verify'] as const)),
    deadlineAt: Nullable(DateTime),
    extensionRequest: Nullable(
      Type.Object({ hours: Type.Number(), reason: Nullable(Type.String()) }),
    ),
    reworkCount: Type.Integer(),
    returnCount: Type.Integer(),
    createdAt: DateTime,
    registeredAt: Nullable(DateTime),
    dispatchedAt: Nullable(DateTime),
    reportedBackAt: Nullable(DateTime),
    verifiedAt: Nullable(DateTime),
    closedAt: Nullable(DateTime),
    updatedAt: DateTime,
    version: Type.Integer(),
  },
  { $id: 'Case' },
);

export const DuplicateView = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    stage: Type.String(),
    distanceMeters: Type.Number(),
    description: Type.String(),
    createdAt: DateTime,
  },
  { $id: 'CaseDuplicate' },
);

export const TimelineView = Type.Object(
  {
    id: Type.Integer(),
    at: DateTime,
    action: Type.String(),
    actorName: Type.String(),
    actorRole: Nullable(Type.String()),
    fromStage: Nullable(Type.String()),
    toStage: Nullable(Type.String()),
    note: Nullable(Type.String()),
    photoIds: Type.Array(Type.String()),
    details: Type.Record(Type.String(), Type.Unknown()),
  },
  { $id: 'CaseTimelineEntry' },
);

export const PhotoView = Type.Object(
  {
    id: Type.String(),
    caseId: Nullable(Type.String()),
    contentType: Type.String(),
    byteSize: Type.Integer(),
    sha256: Type.String(),
    uploadedAt: DateTime,
    url: Type.String(),
  },
  { $id: 'CasePhoto' },
);

export const AssignmentView = Nullable(
  Type.Object({
    kind: StringEnum(['department', 'grid'] as const),
    departmentId: Nullable(Type.String()),
    gridId: Nullable(Type.String()),
    ruleId: Nullable(Type.String()),
  }),
);

export const CaseDetail = Type.Object(
  {
    ...CaseView.properties,
    timeline: Type.Array(TimelineView),
    photos: Type.Array(PhotoView),
    reporters: Type.Array(
      Type.Object({
        reporterName: Nullable(Type.String()),
        source: Type.String(),
        viaCaseId: Type.String(),
        reportedAt: DateTime,
      }),
    ),
    mergedCases: Type.Array(Type.Object({ id: Type.String(), number: Type.String() })),
    notDuplicateCases: Type.Array(Type.Object({ id: Type.String(), number: Type.String() }), {
      description: 'notDuplicateOf with the case numbers',
    }),
    availableActions: Type.Array(ActionSchema),
    suggestedAssignment: AssignmentView,
    possibleDuplicates: Type.Array(DuplicateView),
  },
  { $id: 'CaseDetail' },
);
