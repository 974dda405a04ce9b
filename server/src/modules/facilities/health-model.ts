import { Type, type Static } from 'typebox';

/**
 * A facility's health index (设施健康指数): a weighted score 0–100 built from the latest
 * readings of the facility's devices — e.g. a water plant's from outlet pressure, turbidity,
 * residual chlorine and pump state. Each component turns one telemetry key into 0–100
 * (`range`: 100 inside the ideal band, falling linearly to 0 at the limits; `map`: a score per
 * enum/boolean value); the facility score is their weighted mean over the components that have
 * fresh data, capped by any `critical` component that fails. Stale or missing data is handled
 * by the model's `missing` policy, and too little data gives no score at all ("unknown"),
 * never a flattering one.
 */
export const ComponentScoringSchema = Type.Union([
  Type.Object(
    {
      type: Type.Literal('range'),
      ideal: Type.Tuple([Type.Number(), Type.Number()]),
      limit: Type.Tuple([Type.Number(), Type.Number()]),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('map'),
      values: Type.Record(
        Type.String({ maxLength: 64 }),
        Type.Number({ minimum: 0, maximum: 100 }),
      ),
      otherwise: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    },
    { additionalProperties: false },
  ),
]);

export const HealthComponentSchema = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    /** Only devices attached with this role count; absent: every device reporting the key. */
    role: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    property: Type.String({ minLength: 1, maxLength: 64 }),
    weight: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    scoring: ComponentScoringSchema,
    /** With several devices: the worst one (default) or their mean. */
    aggregate: Type.Optional(Type.Union([Type.Literal('min'), Type.Literal('mean')])),
    /** When this component scores below `criticalBelow`, the facility score is capped at it. */
    critical: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const HealthModelSchema = Type.Object(
  {
    components: Type.Array(HealthComponentSchema, { minItems: 1, maxItems: 50 }),
    missing: Type.Object(
      {
        /** exclude: leave it out and re-weight; worst: count it as 0; last: use the stale value. */
        policy: Type.Union([Type.Literal('exclude'), Type.Literal('worst'), Type.Literal('last')]),
        /** A reading older than this is stale. */
        maxAgeMinutes: Type.Integer({ minimum: 1, maximum: 10_080 }),
      },
      { additionalProperties: false },
    ),
    /** The share of the total weight that must have fresh data for a score (0–1). */
    minCoverage: Type.Number({ minimum: 0, maximum: 1 }),
    levels: Type.Object(
      {
        good: Type.Number({ minimum: 0, maximum: 100 }),
        attention: Type.Number({ minimum: 0, maximum: 100 }),
      },
      { additionalProperties: false },
    ),
    criticalBelow: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
);

export type HealthModel = Static<typeof HealthModelSchema>;
export type HealthComponent = Static<typeof HealthComponentSchema>;
export type HealthLevel = 'good' | 'attention' | 'poor' | 'unknown';

/** One latest reading of one device of the facility. */
export interface FacilityReading {
  deviceId: string;
  role: string;
  key: string;
  value: unknown;
  ts: Date;
}

export type ComponentStatus = 'ok' | 'stale' | 'missing';

export interface ComponentScore {
  key: string;
  name: string;
  weight: number;
  /** 0–100, or null when the component is left out. */
  score: number | null;
  status: ComponentStatus;
  /** The value that decided the score (the worst device's with `min`). */
  value: unknown;
  deviceId: string | null;
  ts: string | null;
}

export interface HealthScore {
  score: number | null;
  level: HealthLevel;
  /** Share of the total weight that had fresh data. */
  coverage: number;
  components: ComponentScore[];
}

const DEFAULT_CRITICAL_BELOW = 40;

/** Checks what the schema cannot: bands in order, levels in order, keys unique. */
export function modelProblems(model: HealthModel): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const c of model.components) {
    if (keys.has(c.key)) problems.push(`component "${c.key}" appears twice`);
    keys.add(c.key);
    if (c.scoring.type === 'range') {
      const [lo, hi] = c.scoring.ideal;
      const [min, max] = c.scoring.limit;
      if (!(min <= lo && lo <= hi && hi <= max)) {
        problems.push(`component "${c.key}": need limit[0] ≤ ideal[0] ≤ ideal[1] ≤ limit[1]`);
      }
    } else if (Object.keys(c.scoring.values).length === 0) {
      problems.push(`component "${c.key}": map scoring needs at least one value`);
    }
  }
  if (model.levels.attention > model.levels.good) {
    problems.push('levels.attention must not be above levels.good');
  }
  return problems;
}

/** 0–100 for one value, or null when the value cannot be scored (wrong type). */
export function scoreValue(scoring: HealthComponent['scoring'], value: unknown): number | null {
  if (scoring.type === 'map') {
    const key = typeof value === 'string' ? value : JSON.stringify(value);
    return scoring.values[key] ?? scoring.otherwise ?? null;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const [lo, hi] = scoring.ideal;
  const [min, max] = scoring.limit;
  if (value >= lo && value <= hi) return 100;
  if (value < lo) return value <= min ? 0 : (100 * (value - min)) / (lo - min);
  return value >= max ? 0 : (100 * (max - value)) / (max - hi);
}

export function levelOf(model: HealthModel, score: number | null): HealthLevel {
  if (score === null) return 'unknown';
  if (score >= model.levels.good) return 'good';
  if (score >= model.levels.attention) return 'attention';
  return 'poor';
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The facility's health now, from the latest readings of its devices. */
export function computeHealth(
  model: HealthModel,
  readings: FacilityReading[],
  now: Date,
): HealthScore {
  const maxAgeMs = model.missing.maxAgeMinutes * 60_000;
  const totalWeight = model.components.reduce((sum, c) => sum + c.weight, 0);
  const criticalBelow = model.criticalBelow ?? DEFAULT_CRITICAL_BELOW;
  const components: ComponentScore[] = [];
  let weighted = 0;
  let usedWeight = 0;
  let freshWeight = 0;
  let cap = 100;
  for (const c of model.components) {
    const candidates = readings.filter(
      (r) => r.key === c.property && (c.role === undefined || r.role === c.role),
    );
    const fresh = candidates.filter((r) => now.getTime() - r.ts.getTime() <= maxAgeMs);
    const stale = model.missing.policy === 'last' && fresh.length === 0 ? candidates : [];
    const usable = fresh.length > 0 ? fresh : stale;
    const scored = usable
      .map((r) => ({ r, s: scoreValue(c.scoring, r.value) }))
      .filter((x): x is { r: FacilityReading; s: number } => x.s !== null);
    const status: ComponentStatus =
      fresh.length > 0 && scored.length > 0 ? 'ok' : candidates.length > 0 ? 'stale' : 'missing';
    if (status === 'ok') freshWeight += c.weight;
    if (scored.length === 0) {
      const score = model.missing.policy === 'worst' ? 0 : null;
      components.push({
        key: c.key,
        name: c.name,
        weight: c.weight,
        score,
        status,
        value: null,
        deviceId: null,
        ts: null,
      });
      if (score !== null) {
        usedWeight += c.weight;
        if (c.critical) cap = Math.min(cap, 0);
      }
      continue;
    }
    const worst = scored.reduce((a, b) => (b.s < a.s ? b : a));
    const score =
      c.aggregate === 'mean' ? scored.reduce((s, x) => s + x.s, 0) / scored.length : worst.s;
    weighted += score * c.weight;
    usedWeight += c.weight;
    if (c.critical && score < criticalBelow) cap = Math.min(cap, score);
    components.push({
      key: c.key,
      name: c.name,
      weight: c.weight,
      score: round1(score),
      status: fresh.length > 0 ? 'ok' : 'stale',
      value: worst.r.value,
      deviceId: worst.r.deviceId,
      ts: worst.r.ts.toISOString(),
    });
  }
  const coverage = totalWeight === 0 ? 0 : freshWeight / totalWeight;
  const hasEnough = usedWeight > 0 && coverage >= model.minCoverage;
  const score = hasEnough ? round1(Math.min(weighted / usedWeight, cap)) : null;
  return {
    score,
    level: levelOf(model, score),
    coverage: round1(coverage * 100) / 100,
    components,
  };
}
