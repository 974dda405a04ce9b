import { Type, type TSchema } from 'typebox';
import {
  applicationStatuses,
  taskActions,
  taskKinds,
  taskStatuses,
} from './application-workflow.ts';
import { audiences, handlingLevels, itemKinds, onlineLevels } from './service-catalogue.ts';

export const StringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const ItemKindSchema = StringEnum(
  itemKinds,
  '行政许可 administrative_licence · 行政确认 administrative_confirmation · 行政给付 administrative_payment · 行政裁决 administrative_ruling · 行政备案 administrative_filing · 其他行政权力 other_power · 公共服务 public_service',
);
export const AudienceSchema = StringEnum(audiences, 'person 自然人 · enterprise 法人');
export const OnlineLevelSchema = StringEnum(
  onlineLevels,
  'full_online 全程网办 · one_visit 最多跑一次 · on_site 需到现场',
);
export const ApplicationStatusSchema = StringEnum(applicationStatuses);
export const TaskStatusSchema = StringEnum(taskStatuses);
export const TaskKindSchema = StringEnum(taskKinds, 'acceptance 受理 · review 审查');
export const TaskActionSchema = StringEnum(taskActions);
const Slug = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9_.-]*$' });

export const MaterialSourceSchema = Type.Union([
  Type.Object({ kind: Type.Literal('upload') }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('licence'), licenceType: Type.String({ minLength: 1, maxLength: 64 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('dataset'), datasetId: Type.String({ minLength: 1, maxLength: 128 }) },
    { additionalProperties: false },
  ),
]);

export const MaterialSchema = Type.Object(
  {
    key: Slug,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.String({ minLength: 1, maxLength: 200 }),
    required: Type.Boolean(),
    source: MaterialSourceSchema,
  },
  { additionalProperties: false },
);

const MergedMaterialSchema = Type.Object({
  ...MaterialSchema.properties,
  itemIds: Type.Array(Type.String()),
});

/** A form as JSON Schema; the portal draws it, the server validates submissions with it. */
export const FormSchemaSchema = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  description:
    'JSON Schema (draft-07 subset): an object of fields, each with `title` (and `x-title-en`), `type`, constraints; `required`; `additionalProperties: false`',
  additionalProperties: true,
});

const LicenceOutputSchema = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 64 }),
    validYears: Nullable(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);

export const ItemSummary = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  departmentCode: Type.String(),
  departmentName: Type.String(),
  departmentNameEn: Type.String(),
  handledAt: StringEnum(handlingLevels),
  kind: ItemKindSchema,
  audiences: Type.Array(AudienceSchema),
  statutoryDays: Type.Integer(),
  promisedDays: Type.Integer(),
  onlineLevel: OnlineLevelSchema,
  lifeEvents: Type.Array(Type.String()),
  topics: Type.Array(Type.String()),
  issuesLicence: Nullable(Type.String()),
});

export const ItemDetail = Type.Object({
  ...ItemSummary.properties,
  description: Type.String(),
  keywords: Type.String(),
  materials: Type.Array(MaterialSchema),
  form: FormSchemaSchema,
  licence: Nullable(LicenceOutputSchema),
  version: Type.Integer(),
});

export const ItemInput = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.String({ maxLength: 2000 }),
    departmentCode: Type.String({ minLength: 1, maxLength: 32 }),
    handledAt: StringEnum(handlingLevels),
    kind: ItemKindSchema,
    audiences: Type.Array(AudienceSchema, { minItems: 1, maxItems: 2, uniqueItems: true }),
    statutoryDays: Type.Integer({ minimum: 0, maximum: 365 }),
    promisedDays: Type.Integer({ minimum: 0, maximum: 365 }),
    onlineLevel: OnlineLevelSchema,
    materials: Type.Array(MaterialSchema, { maxItems: 50 }),
    form: FormSchemaSchema,
    licence: Nullable(LicenceOutputSchema),
    lifeEvents: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10 }),
    topics: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10 }),
    keywords: Type.String({ maxLength: 500 }),
  },
  { additionalProperties: false },
);

const StepSchema = Type.Object(
  { itemId: Slug, after: Type.Array(Slug, { maxItems: 20 }) },
  { additionalProperties: false },
);

export const BundleSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  description: Type.String(),
  lifeEvent: Type.String(),
  topics: Type.Array(Type.String()),
  audiences: Type.Array(AudienceSchema),
  itemIds: Type.Array(Type.String()),
  statutoryDays: Type.Integer(),
  promisedDays: Type.Integer(),
  onlineLevel: OnlineLevelSchema,
});

export const BundleDetail = Type.Object({
  ...BundleSummary.properties,
  steps: Type.Array(StepSchema),
  items: Type.Array(ItemSummary),
  form: FormSchemaSchema,
  fieldMap: Type.Record(
    Type.String(),
    Type.Array(Type.Object({ itemId: Type.String(), field: Type.String() })),
  ),
  materials: Type.Array(MergedMaterialSchema),
  version: Type.Integer(),
});

export const BundleInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.String({ maxLength: 2000 }),
    lifeEvent: Type.String({ maxLength: 64 }),
    topics: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10 }),
    steps: Type.Array(StepSchema, { minItems: 2, maxItems: 20 }),
    aliases: Type.Record(Type.String(), Type.Record(Type.String(), Type.String())),
    keywords: Type.String({ maxLength: 500 }),
    audiences: Type.Optional(
      Type.Array(AudienceSchema, {
        minItems: 1,
        maxItems: 2,
        uniqueItems: true,
        description: 'Who may apply, when not what the items have in common',
      }),
    ),
  },
  { additionalProperties: false },
);

export const TaxonomyView = Type.Object({
  lifeEvents: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      audience: AudienceSchema,
      items: Type.Integer(),
    }),
  ),
  topics: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      items: Type.Integer(),
    }),
  ),
});

const MaterialInputSchema = Type.Object(
  {
    uploadId: Type.Optional(Type.String({ format: 'uuid' })),
    licenceId: Type.Optional(Type.String({ format: 'uuid' })),
    consent: Type.Optional(
      Type.Boolean({ description: 'true: the holder lets the departments see this licence' }),
    ),
  },
  { additionalProperties: false },
);
const MaterialsInput = Type.Record(
  Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]*$' }),
  MaterialInputSchema,
  {
    description:
      'By material key: `{ uploadId }`, or `{ licenceId, consent: true }` for an e-licence you hold',
    maxProperties: 50,
  },
);
const FormInput = Type.Record(Type.String(), Type.Unknown(), {
  description: 'The form, checked against the item’s or bundle’s JSON Schema on submission',
  maxProperties: 200,
});

export const ApplicationBody = Type.Object(
  {
    target: Type.Object(
      { kind: StringEnum(['item', 'bundle'] as const), id: Slug },
      { additionalProperties: false },
    ),
    districtId: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    form: FormInput,
    materials: MaterialsInput,
    submit: Type.Boolean({ description: 'false keeps a draft' }),
  },
  { additionalProperties: false },
);

export const ApplicationPatch = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    districtId: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    form: Type.Optional(FormInput),
    materials: Type.Optional(MaterialsInput),
  },
  { additionalProperties: false },
);

export const VersionBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object(
  {
    action: TaskActionSchema,
    version: Type.Integer({
      minimum: 1,
      description: 'The task version you read; a stale one gets 409 version_conflict',
    }),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    items: Type.Optional(
      Type.Array(Type.String({ maxLength: 200 }), {
        maxItems: 50,
        description:
          'For request_supplement: what to fix, as JSON pointers (/form/x, /materials/y)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ApplicationSummary = Type.Object({
  id: Type.String(),
  number: Type.String(),
  status: ApplicationStatusSchema,
  targetKind: StringEnum(['item', 'bundle'] as const),
  targetId: Type.String(),
  targetName: Type.String(),
  districtId: Nullable(Type.String()),
  applicantKind: StringEnum(['citizen', 'enterprise'] as const),
  applicantName: Type.String(),
  leadDepartmentId: Nullable(Type.String()),
  statutoryDays: Type.Integer(),
  promisedDays: Type.Integer(),
  promisedBy: Nullable(DateTime),
  createdAt: DateTime,
  submittedAt: Nullable(DateTime),
  acceptedAt: Nullable(DateTime),
  decidedAt: Nullable(DateTime),
  deliveredAt: Nullable(DateTime),
  version: Type.Integer(),
});

export const TaskView = Type.Object({
  id: Type.String(),
  applicationId: Type.String(),
  kind: TaskKindSchema,
  itemId: Nullable(Type.String()),
  name: Type.String(),
  departmentId: Type.String(),
  departmentName: Type.String(),
  status: TaskStatusSchema,
  dependsOn: Type.Array(Type.String()),
  materialKeys: Type.Array(Type.String()),
  statutoryDays: Type.Integer(),
  promisedDays: Type.Integer(),
  openedAt: Nullable(DateTime),
  deadlineAt: Nullable(DateTime),
  deadlineNear: Type.Boolean(),
  overdue: Type.Boolean(),
  reviewerName: Nullable(Type.String()),
  decisionReason: Nullable(Type.String()),
  decidedAt: Nullable(DateTime),
  licenceType: Nullable(Type.String()),
  licenceId: Nullable(Type.String()),
  licenceNumber: Nullable(Type.String()),
  version: Type.Integer(),
  /** What the reader may do with it now (empty unless it is their department's). */
  availableActions: Type.Array(TaskActionSchema),
});

export const ApplicationDetail = Type.Object({
  ...ApplicationSummary.properties,
  applicantIdentifier: Nullable(
    Type.String({ description: 'Masked unless you are the applicant or a reviewer' }),
  ),
  applicantPhone: Nullable(
    Type.String({ description: 'Masked unless you are the applicant or a reviewer' }),
  ),
  form: Type.Record(Type.String(), Type.Unknown()),
  supplement: Nullable(Type.Object({ reason: Type.String(), items: Type.Array(Type.String()) })),
  outcomeReason: Nullable(Type.String()),
  materials: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      source: StringEnum(['upload', 'licence', 'dataset'] as const),
      upload: Nullable(
        Type.Object({
          id: Type.String(),
          fileName: Nullable(Type.String()),
          contentType: Type.String(),
          size: Type.Integer(),
        }),
      ),
      licenceId: Nullable(Type.String()),
      licenceNumber: Nullable(Type.String()),
      consentedAt: Nullable(DateTime),
    }),
  ),
  tasks: Type.Array(
    Type.Object({ ...TaskView.properties, form: Type.Record(Type.String(), Type.Unknown()) }),
  ),
  timeline: Type.Array(
    Type.Object({
      at: DateTime,
      action: Type.String(),
      actorName: Type.String(),
      taskId: Nullable(Type.String()),
      departmentId: Nullable(Type.String()),
      fromStatus: Nullable(Type.String()),
      toStatus: Nullable(Type.String()),
      note: Nullable(Type.String()),
    }),
  ),
  viewerRole: StringEnum(['applicant', 'reviewer', 'supervisor'] as const),
});

export const QueueEntry = Type.Object({
  task: TaskView,
  application: ApplicationSummary,
});

export const UploadView = Type.Object({
  id: Type.String(),
  fileName: Nullable(Type.String()),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  createdAt: DateTime,
});

export const HeldLicenceView = Type.Object({
  id: Type.String(),
  number: Type.String(),
  type: Type.String(),
  typeName: Type.String(),
  status: StringEnum(['valid', 'revoked', 'expired'] as const),
  issuedAt: DateTime,
  validUntil: Nullable(DateTime),
});

export const NotificationView = Type.Object({
  id: Type.String(),
  applicationId: Nullable(Type.String()),
  eventType: Type.String(),
  title: Type.String(),
  body: Type.String(),
  sms: Type.Boolean(),
  read: Type.Boolean(),
  createdAt: DateTime,
});

export const CatalogueFigures = Type.Object({
  items: Type.Integer(),
  fullOnline: Type.Integer(),
  oneVisit: Type.Integer(),
  onSite: Type.Integer(),
  fullOnlineShare: Type.Number({ description: '全程网办 items / all items' }),
  atMostOneVisitShare: Type.Number({ description: '全程网办 + 最多跑一次 items / all items' }),
  avgStatutoryDays: Type.Number(),
  avgPromisedDays: Type.Number(),
  promisedReduction: Type.Number({
    description: '1 − promised/statutory days; ≥ 0.5 is 承诺时限减半',
  }),
  byDepartment: Type.Array(
    Type.Object({
      departmentCode: Type.String(),
      items: Type.Integer(),
      fullOnline: Type.Integer(),
      atMostOneVisit: Type.Integer(),
      fullOnlineShare: Type.Number(),
      atMostOneVisitShare: Type.Number(),
    }),
  ),
});

const OptionalNumber = Nullable(Type.Number());

export const MetricsView = Type.Object({
  from: DateTime,
  to: DateTime,
  catalogue: CatalogueFigures,
  handling: Type.Object({
    decided: Type.Integer(),
    approved: Type.Integer(),
    avgHandlingDays: OptionalNumber,
    avgStatutoryDays: OptionalNumber,
    avgPromisedDays: OptionalNumber,
    handlingToStatutory: Nullable(
      Type.Number({ description: 'actual working days / statutory days; 双减半 asks for ≤ 0.5' }),
    ),
    byDepartment: Type.Array(
      Type.Object({
        departmentId: Type.String(),
        decided: Type.Integer(),
        overdue: Type.Integer(),
        avgHandlingDays: OptionalNumber,
        avgStatutoryDays: OptionalNumber,
        avgPromisedDays: OptionalNumber,
      }),
    ),
  }),
  applications: Type.Object({
    period: StringEnum(['day', 'week', 'month'] as const),
    total: Type.Integer(),
    series: Type.Array(
      Type.Object({
        period: Type.String({ description: 'first day of the period (Asia/Shanghai), YYYY-MM-DD' }),
        departmentId: Nullable(Type.String()),
        count: Type.Integer(),
      }),
    ),
  }),
});
