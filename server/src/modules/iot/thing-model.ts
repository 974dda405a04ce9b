import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/**
 * The thing model (物模型) of a product: what its devices report (typed properties with
 * units, valid ranges and expected reporting intervals), the events they raise and the
 * commands they accept. Ingest checks every reading against it.
 */
const Key = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9_]*$' });

export const PropertyTypeSchema = Type.Union([
  Type.Literal('number'),
  Type.Literal('integer'),
  Type.Literal('boolean'),
  Type.Literal('enum'),
  Type.Literal('string'),
  Type.Literal('location'),
]);
export type PropertyType = Static<typeof PropertyTypeSchema>;

export const ThingPropertySchema = Type.Object(
  {
    key: Key,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    type: PropertyTypeSchema,
    unit: Type.Optional(Type.String({ maxLength: 20 })),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    values: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 100 }),
    ),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 4096 })),
    intervalSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 * 86_400 })),
    flatLineCount: Type.Optional(Type.Integer({ minimum: 2, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
export type ThingProperty = Static<typeof ThingPropertySchema>;

const Param = Type.Object(
  {
    key: Key,
    type: PropertyTypeSchema,
    unit: Type.Optional(Type.String({ maxLength: 20 })),
    values: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }))),
  },
  { additionalProperties: false },
);

export const ThingModelSchema = Type.Object(
  {
    intervalSeconds: Type.Integer({ minimum: 1, maximum: 7 * 86_400 }),
    properties: Type.Array(ThingPropertySchema, { minItems: 1, maxItems: 200 }),
    events: Type.Array(
      Type.Object(
        {
          key: Key,
          name: Type.String({ minLength: 1, maxLength: 100 }),
          severity: Type.Union([
            Type.Literal('info'),
            Type.Literal('warning'),
            Type.Literal('critical'),
          ]),
          params: Type.Array(Param, { maxItems: 50 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
    commands: Type.Array(
      Type.Object(
        {
          key: Key,
          name: Type.String({ minLength: 1, maxLength: 100 }),
          params: Type.Array(Param, { maxItems: 50 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 100 },
    ),
  },
  { additionalProperties: false, $id: 'IotThingModel' },
);
export type ThingModel = Static<typeof ThingModelSchema>;

export interface ModelProblem {
  path: string;
  message: string;
}

/** Shape (schema) and meaning: unique keys, min ≤ max, enums with values, ranges on numbers. */
export function validateThingModel(model: unknown): ModelProblem[] {
  const problems: ModelProblem[] = [];
  for (const error of Value.Errors(ThingModelSchema, model)) {
    problems.push({ path: error.instancePath || '/', message: error.message });
    if (problems.length >= 20) return problems;
  }
  if (problems.length) return problems;
  const checked = model as ThingModel;
  const seen = new Set<string>();
  checked.properties.forEach((p, i) => {
    const at = `/properties/${i}`;
    if (seen.has(p.key)) problems.push({ path: `${at}/key`, message: `duplicate key ${p.key}` });
    seen.add(p.key);
    const numeric = p.type === 'number' || p.type === 'integer';
    if ((p.min !== undefined || p.max !== undefined) && !numeric) {
      problems.push({ path: at, message: 'min and max apply to number and integer properties' });
    }
    if (p.min !== undefined && p.max !== undefined && p.min > p.max) {
      problems.push({ path: `${at}/min`, message: 'min must not exceed max' });
    }
    if (p.type === 'enum' && !p.values) {
      problems.push({ path: `${at}/values`, message: 'an enum property lists its values' });
    }
    if (p.type !== 'enum' && p.values) {
      problems.push({ path: `${at}/values`, message: 'values apply to enum properties' });
    }
  });
  for (const list of ['events', 'commands'] as const) {
    const keys = new Set<string>();
    checked[list].forEach((item, i) => {
      if (keys.has(item.key)) {
        problems.push({ path: `/${list}/${i}/key`, message: `duplicate key ${item.key}` });
      }
      keys.add(item.key);
    });
  }
  return problems;
}

/** A reading's value as stored: numbers, booleans and text in their own columns. */
export type ReadingValue = number | boolean | string | { lat: number; lng: number };

export type ValueVerdict =
  | { ok: true; value: ReadingValue; outOfRange?: string }
  | { ok: false; kind: 'wrong_type'; detail: string };

/**
 * Checks one reported value against its property. Wrong types are refused (they would
 * poison aggregates); out-of-range values are kept — a tilt past its sensor's range is
 * exactly what an alert wants to see — and flagged.
 */
function wrongType(raw: unknown, expected: string): ValueVerdict {
  return { ok: false, kind: 'wrong_type', detail: `expected ${expected}, got ${describe(raw)}` };
}

export function checkValue(property: ThingProperty, raw: unknown): ValueVerdict {
  // Once per reading: no closures here (each would be a function object per call).
  switch (property.type) {
    case 'number':
    case 'integer': {
      // Gateways often send numbers as strings ("23.5"); ThingsBoard accepts them too.
      const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isFinite(n)) return wrongType(raw, property.type);
      if (property.type === 'integer' && !Number.isInteger(n)) return wrongType(raw, 'integer');
      const low = property.min !== undefined && n < property.min;
      const high = property.max !== undefined && n > property.max;
      return low || high
        ? {
            ok: true,
            value: n,
            outOfRange: `${n} is outside [${property.min ?? '-∞'}, ${property.max ?? '∞'}]`,
          }
        : { ok: true, value: n };
    }
    case 'boolean':
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
      if (raw === 0 || raw === 1) return { ok: true, value: raw === 1 };
      return wrongType(raw, 'boolean');
    case 'enum':
      if (typeof raw !== 'string') return wrongType(raw, `one of ${property.values?.join(', ')}`);
      if (!property.values?.includes(raw)) {
        return {
          ok: false,
          kind: 'wrong_type',
          detail: `${raw.slice(0, 40)} is not one of ${property.values?.join(', ')}`,
        };
      }
      return { ok: true, value: raw };
    case 'string': {
      if (typeof raw !== 'string') return wrongType(raw, 'string');
      const max = property.maxLength ?? 1024;
      if (raw.length > max) return wrongType(raw, `a string of at most ${max} characters`);
      if (raw.includes('\u0000')) return wrongType(raw, 'a string without NUL characters');
      return { ok: true, value: raw };
    }
    case 'location': {
      if (typeof raw !== 'object' || raw === null) return wrongType(raw, '{lat, lng}');
      const { lat, lng } = raw as { lat?: unknown; lng?: unknown };
      if (typeof lat !== 'number' || typeof lng !== 'number') return wrongType(raw, '{lat, lng}');
      if (Math.abs(lat) > 90 || Math.abs(lng) > 180) {
        return { ok: false, kind: 'wrong_type', detail: `${lat},${lng} is not a coordinate` };
      }
      return { ok: true, value: { lat, lng } };
    }
  }
}

function describe(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'an array';
  if (typeof raw === 'string') return `"${raw.slice(0, 40)}"`;
  if (typeof raw === 'object') return 'an object';
  return `${typeof raw} ${String(raw).slice(0, 40)}`;
}

/** Seconds without data after which a device counts as offline: three expected intervals. */
export function offlineAfterSeconds(model: ThingModel): number {
  return model.intervalSeconds * 3;
}
