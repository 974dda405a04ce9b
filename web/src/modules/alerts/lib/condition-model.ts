import type { ThingProperty } from '../../iot/api/iot-api';
import { isGroup, type ConditionDraft, type DraftError } from './condition-draft';

/** What the editor knows of a key: the property types the chosen products give it. */
export type KeyTypes = ReadonlyMap<string, ReadonlySet<ThingProperty['type']>>;

/** The keys of the thing models a rule can see (one product, or every product when none). */
export function keyTypesOf(models: ReadonlyArray<{ properties: readonly ThingProperty[] }>) {
  const types = new Map<string, Set<ThingProperty['type']>>();
  for (const model of models) {
    for (const property of model.properties) {
      const seen = types.get(property.key) ?? new Set<ThingProperty['type']>();
      seen.add(property.type);
      types.set(property.key, seen);
    }
  }
  return types as KeyTypes;
}

const NUMERIC: ReadonlySet<ThingProperty['type']> = new Set(['number', 'integer']);
const ORDERING = new Set(['>', '>=', '<', '<=']);

/** The threshold value type a property type compares with (location compares with none). */
function valueTypeOf(type: ThingProperty['type']): 'number' | 'boolean' | 'string' | null {
  if (NUMERIC.has(type)) return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'enum' || type === 'string') return 'string';
  return null;
}

/**
 * Conditions that could never hold against the readings devices send: a key no chosen thing
 * model has (ingest refuses such readings), a threshold of another type than the property,
 * an ordering comparison of text or true/false, a rate of a non-numeric property. The
 * server refuses the same; checked here so the mistake shows beside the field, in words.
 */
export function checkAgainstModel(draft: ConditionDraft, keys: KeyTypes): DraftError[] {
  if (isGroup(draft)) return draft.conditions.flatMap((child) => checkAgainstModel(child, keys));
  const key = draft.key.trim();
  if (key === '') return [];
  const types = keys.get(key);
  if (!types) return [{ id: draft.id, field: 'key', code: 'unknownKey' }];
  if (draft.type === 'rate') {
    return [...types].some((t) => NUMERIC.has(t))
      ? []
      : [{ id: draft.id, field: 'key', code: 'notNumericKey' }];
  }
  if (draft.type !== 'threshold') return [];
  const expected = [...types].map(valueTypeOf);
  if (!expected.includes(draft.valueType)) {
    const first = expected.find((t) => t !== null);
    return [
      {
        id: draft.id,
        field: 'value',
        code:
          first === 'number'
            ? 'expectNumber'
            : first === 'boolean'
              ? 'expectBoolean'
              : first === 'string'
                ? 'expectString'
                : 'notComparable',
      },
    ];
  }
  if (draft.valueType !== 'number' && ORDERING.has(draft.op)) {
    return [{ id: draft.id, field: 'value', code: 'orderNeedsNumber' }];
  }
  return [];
}

/** The value type that fits a key, when its properties agree on one (to preset the editor). */
export function valueTypeFor(key: string, keys: KeyTypes): 'number' | 'boolean' | 'string' | null {
  const types = keys.get(key.trim());
  if (!types) return null;
  const fitting = new Set([...types].map(valueTypeOf));
  if (fitting.size !== 1) return null;
  return [...fitting][0] ?? null;
}
