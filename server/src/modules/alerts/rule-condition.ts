import { Type, type Static } from 'typebox';

/**
 * Alert rule conditions, as JSON so that operators can write them in the rules editor:
 *
 *   { "type": "threshold", "key": "tilt", "op": ">", "value": 5, "forSeconds": 120 }   tilt > 5° for 2 minutes
 *   { "type": "rate", "key": "level", "op": ">", "perMinute": 0.5 }                     rising faster than 0.5/min
 *   { "type": "noData", "key": "pressure", "seconds": 900 }                              silent for 15 minutes
 *   { "type": "all" | "any", "conditions": [ … ] }                                       AND / OR
 */
const Op = Type.Union([
  Type.Literal('>'),
  Type.Literal('>='),
  Type.Literal('<'),
  Type.Literal('<='),
  Type.Literal('=='),
  Type.Literal('!='),
]);
export type ComparisonOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

export type Condition =
  | {
      type: 'threshold';
      key: string;
      op: ComparisonOp;
      value: number | boolean | string;
      forSeconds?: number;
    }
  | { type: 'rate'; key: string; op: ComparisonOp; perMinute: number }
  | { type: 'noData'; key?: string; seconds: number }
  | { type: 'all' | 'any'; conditions: Condition[] };

const Key = Type.String({ minLength: 1, maxLength: 64 });
export const ConditionSchema = Type.Cyclic(
  {
    Condition: Type.Union([
      Type.Object(
        {
          type: Type.Literal('threshold'),
          key: Key,
          op: Op,
          value: Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 64 })]),
          forSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 * 86_400 })),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        { type: Type.Literal('rate'), key: Key, op: Op, perMinute: Type.Number() },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          type: Type.Literal('noData'),
          key: Type.Optional(Key),
          seconds: Type.Integer({ minimum: 10, maximum: 30 * 86_400 }),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        {
          type: Type.Union([Type.Literal('all'), Type.Literal('any')]),
          conditions: Type.Array(Type.Ref('Condition'), { minItems: 1, maxItems: 20 }),
        },
        { additionalProperties: false },
      ),
    ]),
  },
  'Condition',
);
export type ConditionInput = Static<typeof ConditionSchema>;

export type Scalar = number | boolean | string;

export interface Reading {
  key: string;
  ts: number;
  value: Scalar;
}

/** What a rule remembers about one device between batches (stored as JSON). */
export interface RuleState {
  /** Latest and previous value per key used by the rule. */
  last: Record<string, { v: Scalar; ts: number }>;
  prev: Record<string, { v: Scalar; ts: number }>;
  /** When each duration leaf (by its path, e.g. "0.1") first became true; absent when false. */
  since: Record<string, number>;
  /** When the device last reported anything (for noData without a key). */
  seenAt: number | null;
  /** Set when a person cleared the alert; no new alert until the condition stops holding. */
  latched?: boolean;
  /** Where the device is, so a periodic sweep can raise an alert without the registry. */
  device?: {
    name: string;
    productId: string;
    gridId: string | null;
    streetId: string | null;
    districtId: string | null;
    /** Absent in states saved before alerts carried the owning department. */
    departmentId?: string | null;
    location: [number, number] | null;
  };
}

export const emptyState = (): RuleState => ({ last: {}, prev: {}, since: {}, seenAt: null });

export interface Evaluation {
  matched: boolean;
  /** Human-readable reason of the leaves that hold, e.g. "tilt 6.2 > 5 for 130 s". */
  reasons: string[];
}

export function keysOf(condition: Condition): string[] {
  switch (condition.type) {
    case 'threshold':
    case 'rate':
      return [condition.key];
    case 'noData':
      return condition.key ? [condition.key] : [];
    default:
      return [...new Set(condition.conditions.flatMap(keysOf))];
  }
}

/** Whether time alone can change the outcome (durations, silence). */
export function isTimeBased(condition: Condition): boolean {
  switch (condition.type) {
    case 'noData':
      return true;
    case 'threshold':
      return condition.forSeconds !== undefined;
    case 'rate':
      return false;
    default:
      return condition.conditions.some(isTimeBased);
  }
}

/** Folds readings (any order) into the state; only keys the rule uses are kept. */
export function applyReadings(
  state: RuleState,
  keys: ReadonlySet<string>,
  readings: Reading[],
): void {
  const sorted = [...readings].sort((a, b) => a.ts - b.ts);
  for (const reading of sorted) {
    state.seenAt = Math.max(state.seenAt ?? 0, reading.ts);
    if (!keys.has(reading.key)) continue;
    const current = state.last[reading.key];
    if (current && reading.ts < current.ts) continue; // late reading: history, not state
    if (current) state.prev[reading.key] = current;
    state.last[reading.key] = { v: reading.value, ts: reading.ts };
  }
}

/** Evaluates the condition at time `now` (ms), updating the duration bookkeeping. */
export function evaluate(
  condition: Condition,
  state: RuleState,
  now: number,
  path = '0',
): Evaluation {
  switch (condition.type) {
    case 'threshold': {
      const current = state.last[condition.key];
      const holds = current !== undefined && compare(current.v, condition.op, condition.value);
      if (!condition.forSeconds) {
        return {
          matched: holds,
          reasons: holds
            ? [`${condition.key} ${fmt(current!.v)} ${condition.op} ${fmt(condition.value)}`]
            : [],
        };
      }
      if (!holds) {
        delete state.since[path];
        return { matched: false, reasons: [] };
      }
      const since = (state.since[path] ??= current!.ts);
      const heldFor = Math.max(0, now - since) / 1000;
      const matched = heldFor >= condition.forSeconds;
      return {
        matched,
        reasons: matched
          ? [
              `${condition.key} ${fmt(current!.v)} ${condition.op} ${fmt(condition.value)} for ${Math.round(heldFor)} s`,
            ]
          : [],
      };
    }
    case 'rate': {
      const current = state.last[condition.key];
      const previous = state.prev[condition.key];
      if (
        !current ||
        !previous ||
        typeof current.v !== 'number' ||
        typeof previous.v !== 'number'
      ) {
        return { matched: false, reasons: [] };
      }
      const minutes = (current.ts - previous.ts) / 60_000;
      if (minutes <= 0) return { matched: false, reasons: [] };
      const rate = (current.v - previous.v) / minutes;
      const matched = compare(rate, condition.op, condition.perMinute);
      return {
        matched,
        reasons: matched
          ? [
              `${condition.key} changes ${fmt(rate)}/min ${condition.op} ${fmt(condition.perMinute)}/min`,
            ]
          : [],
      };
    }
    case 'noData': {
      const last = condition.key ? state.last[condition.key]?.ts : state.seenAt;
      if (last === undefined || last === null) return { matched: false, reasons: [] };
      const silent = (now - last) / 1000;
      const matched = silent >= condition.seconds;
      return {
        matched,
        reasons: matched ? [`no ${condition.key ?? 'data'} for ${Math.round(silent)} s`] : [],
      };
    }
    case 'all':
    case 'any': {
      // Every branch is evaluated so that duration bookkeeping stays right in all of them.
      const parts = condition.conditions.map((c, i) => evaluate(c, state, now, `${path}.${i}`));
      const matched =
        condition.type === 'all' ? parts.every((p) => p.matched) : parts.some((p) => p.matched);
      return { matched, reasons: matched ? parts.flatMap((p) => p.reasons) : [] };
    }
  }
}

function compare(a: Scalar, op: ComparisonOp, b: Scalar): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '>':
        return a > b;
      case '>=':
        return a >= b;
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '==':
        return a === b;
      case '!=':
        return a !== b;
    }
  }
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  return false;
}

const fmt = (v: Scalar) => (typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v));
