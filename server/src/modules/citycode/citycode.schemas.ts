import { Type, type TSchema } from 'typebox';
import { denyReasons } from './scan.workflow.ts';
import {
  fareCategories,
  holderFields,
  ruleAttributes,
  sceneTypes,
  type HolderField,
  type RuleAttribute,
  type SceneType,
} from './scene-types.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const oneOf = <T extends string>(values: readonly T[], id?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(id ? { $id: id } : {}) });

export const SceneTypeSchema = oneOf<SceneType>(sceneTypes);
export const HolderFieldSchema = oneOf<HolderField>(holderFields);
export const RuleAttributeSchema = oneOf<RuleAttribute>(ruleAttributes);
const Assurance = oneOf(['basic', 'real-name', 'real-person'] as const);
const StatusSchema = oneOf(['active', 'disabled'] as const);
const DateString = Type.String({ format: 'date' });
export const SceneId = Type.String({
  minLength: 3,
  maxLength: 64,
  pattern: '^[a-z0-9][a-z0-9-]*$',
});
export const ScannerId = Type.String({
  minLength: 3,
  maxLength: 64,
  pattern: '^[a-z0-9][a-z0-9-]*$',
});

export const SceneRuleSchema = Type.Union(
  [
    Type.Object(
      {
        attribute: oneOf([
          'insured',
          'healthCertificateValid',
          'hasTransitAccount',
          'hasVehicle',
        ] as const),
        equals: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        attribute: Type.Literal('age'),
        min: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
        max: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      { attribute: Type.Literal('assuranceLevel'), atLeast: Assurance },
      { additionalProperties: false },
    ),
  ],
  { $id: 'SceneRule' },
);

export const SceneTypeView = Type.Object({
  type: SceneTypeSchema,
  name: Type.Object({ zh: Type.String(), en: Type.String() }),
  allowedFields: Type.Array(HolderFieldSchema),
  ruleAttributes: Type.Array(RuleAttributeSchema),
});

export const SceneView = Type.Object(
  {
    id: Type.String(),
    type: SceneTypeSchema,
    name: Type.String(),
    nameEn: Nullable(Type.String()),
    regionId: Nullable(Type.String()),
    rules: Type.Array(SceneRuleSchema),
    fields: Type.Array(HolderFieldSchema),
    status: StatusSchema,
    version: Type.Integer(),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'CitycodeScene' },
);

export const SceneBody = Type.Object(
  {
    id: SceneId,
    type: SceneTypeSchema,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    regionId: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
    rules: Type.Array(SceneRuleSchema, { maxItems: 20 }),
    fields: Type.Array(HolderFieldSchema, { maxItems: 20 }),
  },
  { additionalProperties: false },
);

export const SceneChangeBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    nameEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    regionId: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
    rules: Type.Optional(Type.Array(SceneRuleSchema, { maxItems: 20 })),
    fields: Type.Optional(Type.Array(HolderFieldSchema, { maxItems: 20 })),
    status: Type.Optional(StatusSchema),
  },
  { additionalProperties: false },
);

export const ScannerView = Type.Object(
  {
    id: Type.String(),
    sceneId: Type.String(),
    name: Type.String(),
    place: Nullable(Type.String()),
    ratePerSecond: Type.Number(),
    burst: Type.Integer(),
    status: StatusSchema,
    createdAt: Type.String({ format: 'date-time' }),
    /** In lists: the scanner's last logged scan (summary, up to a few seconds behind). */
    lastScanAt: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
    scans: Type.Optional(Type.Integer()),
    allowed: Type.Optional(Type.Integer()),
  },
  { $id: 'CitycodeScanner' },
);

export const ScannerBody = Type.Object(
  {
    id: Type.Optional(ScannerId),
    sceneId: SceneId,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    place: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    ratePerSecond: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100_000 })),
    burst: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

export const ScannerChangeBody = Type.Object(
  {
    status: Type.Optional(StatusSchema),
    rotateKey: Type.Optional(Type.Boolean()),
    ratePerSecond: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100_000 })),
    burst: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

export const ScannerWithKey = Type.Object({
  scanner: ScannerView,
  /** `<scannerId>.<secret>`: shown once, send it as X-Scanner-Key. */
  key: Nullable(Type.String()),
});

export const HolderAttributesSchema = Type.Object(
  {
    name: Nullable(Type.String({ maxLength: 100 })),
    birthDate: Nullable(DateString),
    assuranceLevel: Assurance,
    insured: Type.Boolean(),
    medicalInsuranceNo: Nullable(Type.String({ maxLength: 40 })),
    transitAccount: Nullable(Type.String({ maxLength: 40 })),
    fareCategory: oneOf(fareCategories),
    healthCertificateExpires: Nullable(DateString),
    vehiclePlates: Type.Array(Type.String({ minLength: 1, maxLength: 16 }), { maxItems: 10 }),
  },
  { additionalProperties: false, $id: 'CitycodeHolderAttributes' },
);

export const IssuedCodeView = Type.Object({
  code: Type.String(),
  offlineCode: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  refreshInSeconds: Type.Integer(),
});

export const JwksView = Type.Object({
  keys: Type.Array(
    Type.Object({
      kty: Type.String(),
      crv: Type.String(),
      x: Type.String(),
      kid: Type.String(),
      alg: Type.Literal('EdDSA'),
      use: Type.Literal('sig'),
    }),
  ),
});

/** Every field a scene might see; the serializer drops anything not listed here. */
export const DisclosedFieldsSchema = Type.Object(
  {
    name: Type.Optional(Nullable(Type.String())),
    maskedName: Type.Optional(Nullable(Type.String())),
    age: Type.Optional(Nullable(Type.Integer())),
    adult: Type.Optional(Nullable(Type.Boolean())),
    assuranceLevel: Type.Optional(Assurance),
    insured: Type.Optional(Type.Boolean()),
    medicalInsuranceNo: Type.Optional(Nullable(Type.String())),
    transitAccount: Type.Optional(Nullable(Type.String())),
    fareCategory: Type.Optional(Type.String()),
    healthCertificateValid: Type.Optional(Type.Boolean()),
    healthCertificateExpires: Type.Optional(Nullable(Type.String())),
    vehiclePlates: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

export const ScanBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 512 }) },
  { additionalProperties: false },
);

export const ScanAnswerView = Type.Object({
  scanId: Type.String({ format: 'uuid' }),
  decision: oneOf(['allow', 'deny'] as const),
  reason: Nullable(oneOf(denyReasons)),
  rule: Nullable(RuleAttributeSchema),
  scene: Type.Object({ id: Type.String(), type: SceneTypeSchema, name: Type.String() }),
  scannedAt: Type.String({ format: 'date-time' }),
  fields: Nullable(DisclosedFieldsSchema),
});

export const HolderScanView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  scannedAt: Type.String({ format: 'date-time' }),
  decision: oneOf(['allow', 'deny'] as const),
  reason: Nullable(Type.String()),
  rule: Nullable(Type.String()),
  scene: Type.Object({
    id: Type.String(),
    type: Nullable(SceneTypeSchema),
    name: Type.String(),
    nameEn: Nullable(Type.String()),
  }),
  scanner: Type.Object({ id: Type.String(), name: Type.String(), place: Nullable(Type.String()) }),
});

export const StatsView = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  scenes: Type.Array(
    Type.Object({
      sceneId: Type.String(),
      type: Nullable(SceneTypeSchema),
      name: Type.String(),
      allowed: Type.Integer(),
      denied: Type.Integer(),
      perMinute: Type.Array(
        Type.Object({
          minute: Type.String({ format: 'date-time' }),
          allowed: Type.Integer(),
          denied: Type.Integer(),
        }),
      ),
    }),
  ),
});
