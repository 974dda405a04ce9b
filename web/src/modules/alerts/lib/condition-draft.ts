import type { Condition } from '../api/alerts-api';

/**
 * The rules editor's working copy of a condition. Numbers are kept as the text typed so a
 * half-typed value is not lost or coerced; every node has an id for React keys and edits.
 * The JSON the server takes (rule-condition.ts on the server) is:
 *
 *   { type: 'threshold', key, op, value, forSeconds? }     tilt > 5 for 120 s
 *   { type: 'rate', key, op, perMinute }                    rising faster than 0.5/min
 *   { type: 'noData', key?, seconds }                       silent for 15 minutes
 *   { type: 'all' | 'any', conditions: [...] }              AND / OR
 */
export type ComparisonOp = '>' | '>=' | '<' | '<=' | '==' | '!=';
export const COMPARISON_OPS: readonly ComparisonOp[] = ['>', '>=', '<', '<=', '==', '!='];
export type ThresholdValueType = 'number' | 'boolean' | 'string';
export type LeafType = 'threshold' | 'rate' | 'noData';
export type GroupType = 'all' | 'any';
export type DraftType = LeafType | GroupType;

export interface ThresholdDraft {
  id: string;
  type: 'threshold';
  key: string;
  op: ComparisonOp;
  valueType: ThresholdValueType;
  value: string;
  /** Empty: the condition holds at once. */
  forSeconds: string;
}
export interface RateDraft {
  id: string;
  type: 'rate';
  key: string;
  op: ComparisonOp;
  perMinute: string;
}
export interface NoDataDraft {
  id: string;
  type: 'noData';
  /** Empty: silence of the whole device. */
  key: string;
  seconds: string;
}
export interface GroupDraft {
  id: string;
  type: GroupType;
  conditions: ConditionDraft[];
}
export type ConditionDraft = ThresholdDraft | RateDraft | NoDataDraft | GroupDraft;

/** Limits the server enforces, checked here first so mistakes show beside the field. */
export const LIMITS = {
  keyMaxLength: 64,
  stringValueMaxLength: 64,
  forSeconds: { min: 1, max: 7 * 86_400 },
  noDataSeconds: { min: 10, max: 30 * 86_400 },
  groupSize: { min: 1, max: 20 },
} as const;

let sequence = 0;
export const nextDraftId = (): string => `c${++sequence}`;

export function newDraft(type: DraftType, id: string = nextDraftId()): ConditionDraft {
  switch (type) {
    case 'threshold':
      return { id, type, key: '', op: '>', valueType: 'number', value: '', forSeconds: '' };
    case 'rate':
      return { id, type, key: '', op: '>', perMinute: '' };
    case 'noData':
      return { id, type, key: '', seconds: '300' };
    case 'all':
    case 'any':
      return { id, type, conditions: [newDraft('threshold')] };
  }
}

export const isGroup = (draft: ConditionDraft): draft is GroupDraft =>
  draft.type === 'all' || draft.type === 'any';

/** Server JSON → editor draft. */
export function toDraft(condition: Condition, makeId: () => string = nextDraftId): ConditionDraft {
  const id = makeId();
  switch (condition.type) {
    case 'threshold': {
      const valueType: ThresholdValueType =
        typeof condition.value === 'number'
          ? 'number'
          : typeof condition.value === 'boolean'
            ? 'boolean'
            : 'string';
      return {
        id,
        type: 'threshold',
        key: condition.key,
        op: condition.op,
        valueType,
        value: String(condition.value),
        forSeconds: condition.forSeconds === undefined ? '' : String(condition.forSeconds),
      };
    }
    case 'rate':
      return {
        id,
        type: 'rate',
        key: condition.key,
        op: condition.op,
        perMinute: String(condition.perMinute),
      };
    case 'noData':
      return { id, type: 'noData', key: condition.key ?? '', seconds: String(condition.seconds) };
    case 'all':
    case 'any':
      return {
        id,
        type: condition.type,
        conditions: condition.conditions.map((c) => toDraft(c, makeId)),
      };
  }
}

export type DraftErrorCode =
  | 'required'
  | 'tooLong'
  | 'notNumber'
  | 'notInteger'
  | 'outOfRange'
  | 'notBoolean'
  | 'groupSize'
  // Against the thing model (condition-model.ts):
  | 'unknownKey'
  | 'notNumericKey'
  | 'expectNumber'
  | 'expectBoolean'
  | 'expectString'
  | 'notComparable'
  | 'orderNeedsNumber';

export interface DraftError {
  /** The node the error belongs to. */
  id: string;
  field: 'key' | 'value' | 'forSeconds' | 'perMinute' | 'seconds' | 'conditions';
  code: DraftErrorCode;
  params?: Record<string, number>;
}

export type DraftResult = { ok: true; condition: Condition } | { ok: false; errors: DraftError[] };

function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

function checkKey(id: string, key: string, required: boolean, errors: DraftError[]): string {
  const trimmed = key.trim();
  if (required && trimmed === '') errors.push({ id, field: 'key', code: 'required' });
  if (trimmed.length > LIMITS.keyMaxLength) {
    errors.push({ id, field: 'key', code: 'tooLong', params: { max: LIMITS.keyMaxLength } });
  }
  return trimmed;
}

function checkInteger(
  id: string,
  field: 'forSeconds' | 'seconds',
  text: string,
  range: { min: number; max: number },
  errors: DraftError[],
): number | null {
  if (text.trim() === '') {
    errors.push({ id, field, code: 'required' });
    return null;
  }
  const n = parseNumber(text);
  if (n === null) errors.push({ id, field, code: 'notNumber' });
  else if (!Number.isInteger(n)) errors.push({ id, field, code: 'notInteger' });
  else if (n < range.min || n > range.max) {
    errors.push({ id, field, code: 'outOfRange', params: { min: range.min, max: range.max } });
  } else return n;
  return null;
}

function build(draft: ConditionDraft, errors: DraftError[]): Condition | null {
  const { id } = draft;
  switch (draft.type) {
    case 'threshold': {
      const key = checkKey(id, draft.key, true, errors);
      let value: number | boolean | string | null = null;
      if (draft.valueType === 'number') {
        value = parseNumber(draft.value);
        if (value === null) {
          errors.push({
            id,
            field: 'value',
            code: draft.value.trim() === '' ? 'required' : 'notNumber',
          });
        }
      } else if (draft.valueType === 'boolean') {
        if (draft.value === 'true' || draft.value === 'false') value = draft.value === 'true';
        else errors.push({ id, field: 'value', code: 'notBoolean' });
      } else if (draft.value.length > LIMITS.stringValueMaxLength) {
        errors.push({
          id,
          field: 'value',
          code: 'tooLong',
          params: { max: LIMITS.stringValueMaxLength },
        });
      } else {
        value = draft.value;
      }
      const forSeconds =
        draft.forSeconds.trim() === ''
          ? undefined
          : checkInteger(id, 'forSeconds', draft.forSeconds, LIMITS.forSeconds, errors);
      if (value === null || forSeconds === null) return null;
      return {
        type: 'threshold',
        key,
        op: draft.op,
        value,
        ...(forSeconds === undefined ? {} : { forSeconds }),
      };
    }
    case 'rate': {
      const key = checkKey(id, draft.key, true, errors);
      const perMinute = parseNumber(draft.perMinute);
      if (perMinute === null) {
        errors.push({
          id,
          field: 'perMinute',
          code: draft.perMinute.trim() === '' ? 'required' : 'notNumber',
        });
        return null;
      }
      return { type: 'rate', key, op: draft.op, perMinute };
    }
    case 'noData': {
      const key = checkKey(id, draft.key, false, errors);
      const seconds = checkInteger(id, 'seconds', draft.seconds, LIMITS.noDataSeconds, errors);
      if (seconds === null) return null;
      return { type: 'noData', ...(key ? { key } : {}), seconds };
    }
    case 'all':
    case 'any': {
      const { min, max } = LIMITS.groupSize;
      if (draft.conditions.length < min || draft.conditions.length > max) {
        errors.push({ id, field: 'conditions', code: 'groupSize', params: { min, max } });
      }
      const children = draft.conditions.map((c) => build(c, errors));
      if (children.some((c) => c === null)) return null;
      return { type: draft.type, conditions: children as Condition[] };
    }
  }
}

/** Editor draft → server JSON, or every problem found (not just the first). */
export function fromDraft(draft: ConditionDraft): DraftResult {
  const errors: DraftError[] = [];
  const condition = build(draft, errors);
  return condition && errors.length === 0 ? { ok: true, condition } : { ok: false, errors };
}

// —— edits: each returns a new tree, leaving the old one untouched ——

function mapTree(
  draft: ConditionDraft,
  visit: (node: ConditionDraft) => ConditionDraft | null,
): ConditionDraft | null {
  const visited = visit(draft);
  if (visited === null || !isGroup(visited)) return visited;
  const conditions = visited.conditions
    .map((child) => mapTree(child, visit))
    .filter((child): child is ConditionDraft => child !== null);
  return { ...visited, conditions };
}

/** Replaces the node with that id (e.g. a changed field). */
export function updateNode(
  root: ConditionDraft,
  id: string,
  change: (node: ConditionDraft) => ConditionDraft,
): ConditionDraft {
  return mapTree(root, (node) => (node.id === id ? change(node) : node)) ?? root;
}

/** Removes a node from its group; the root itself cannot be removed. */
export function removeNode(root: ConditionDraft, id: string): ConditionDraft {
  if (root.id === id) return root;
  return mapTree(root, (node) => (node.id === id ? null : node)) ?? root;
}

export function addChild(root: ConditionDraft, groupId: string, child: ConditionDraft) {
  return updateNode(root, groupId, (node) =>
    isGroup(node) ? { ...node, conditions: [...node.conditions, child] } : node,
  );
}

/**
 * Changes a node's kind. Leaf ↔ leaf keeps the key; group ↔ group keeps the children;
 * a leaf turned into a group becomes its first child, a group turned into a leaf is replaced.
 */
export function changeType(node: ConditionDraft, type: DraftType): ConditionDraft {
  if (node.type === type) return node;
  const fresh = newDraft(type, node.id);
  if (isGroup(node) && isGroup(fresh)) return { ...fresh, conditions: node.conditions };
  if (!isGroup(node) && isGroup(fresh)) {
    return { ...fresh, conditions: [{ ...node, id: nextDraftId() }] };
  }
  if (!isGroup(node) && !isGroup(fresh)) return { ...fresh, key: node.key } as ConditionDraft;
  return fresh;
}

/** Errors of one node, to show beside its fields. */
export function errorsFor(errors: readonly DraftError[], id: string): DraftError[] {
  return errors.filter((e) => e.id === id);
}

// —— reading and showing conditions ——

const OPS: ReadonlySet<string> = new Set(COMPARISON_OPS);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(value).every((k) => allowed.includes(k));
}

/** True when the value has the shape of a condition (ranges are `fromDraft`'s business). */
export function isCondition(value: unknown): value is Condition {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'threshold':
      return (
        onlyKeys(value, ['type', 'key', 'op', 'value', 'forSeconds']) &&
        typeof value.key === 'string' &&
        typeof value.op === 'string' &&
        OPS.has(value.op) &&
        ['number', 'boolean', 'string'].includes(typeof value.value) &&
        (value.forSeconds === undefined || typeof value.forSeconds === 'number')
      );
    case 'rate':
      return (
        onlyKeys(value, ['type', 'key', 'op', 'perMinute']) &&
        typeof value.key === 'string' &&
        typeof value.op === 'string' &&
        OPS.has(value.op) &&
        typeof value.perMinute === 'number'
      );
    case 'noData':
      return (
        onlyKeys(value, ['type', 'key', 'seconds']) &&
        (value.key === undefined || typeof value.key === 'string') &&
        typeof value.seconds === 'number'
      );
    case 'all':
    case 'any':
      return (
        onlyKeys(value, ['type', 'conditions']) &&
        Array.isArray(value.conditions) &&
        value.conditions.every(isCondition)
      );
    default:
      return false;
  }
}

export type ParsedJson =
  | { ok: true; draft: ConditionDraft }
  | { ok: false; reason: 'syntax'; message: string }
  | { ok: false; reason: 'shape' }
  | { ok: false; reason: 'invalid'; errors: DraftError[] };

/** The JSON tab's text → a draft, when it is a valid condition. */
export function parseConditionJson(text: string): ParsedJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'syntax', message: (error as Error).message };
  }
  if (!isCondition(value)) return { ok: false, reason: 'shape' };
  const draft = toDraft(value);
  const checked = fromDraft(draft);
  return checked.ok
    ? { ok: true, draft }
    : { ok: false, reason: 'invalid', errors: checked.errors };
}

const fmt = (v: number | boolean | string) =>
  typeof v === 'string' ? JSON.stringify(v) : String(v);

/** A one-line, language-neutral summary: `tilt > 5 (120 s) AND no data (pressure) 900 s`. */
export function describeCondition(condition: Condition, nested = false): string {
  switch (condition.type) {
    case 'threshold':
      return `${condition.key} ${condition.op} ${fmt(condition.value)}${
        condition.forSeconds ? ` (${condition.forSeconds} s)` : ''
      }`;
    case 'rate':
      return `Δ${condition.key}/min ${condition.op} ${condition.perMinute}`;
    case 'noData':
      return `∅ ${condition.key ?? '*'} ${condition.seconds} s`;
    case 'all':
    case 'any': {
      const joined = condition.conditions
        .map((c) => describeCondition(c, true))
        .join(condition.type === 'all' ? ' AND ' : ' OR ');
      return nested && condition.conditions.length > 1 ? `(${joined})` : joined;
    }
  }
}

/** Every telemetry key a condition reads. */
export function conditionKeys(condition: Condition): string[] {
  switch (condition.type) {
    case 'threshold':
    case 'rate':
      return [condition.key];
    case 'noData':
      return condition.key ? [condition.key] : [];
    case 'all':
    case 'any':
      return [...new Set(condition.conditions.flatMap(conditionKeys))];
  }
}
