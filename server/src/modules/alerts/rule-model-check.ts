import type { Condition } from './rule-condition.ts';

/** The part of a thing-model property a condition is checked against. */
export interface ModelProperty {
  key: string;
  type: string;
}

export interface ConditionProblem {
  code: 'unknown_property' | 'condition_type_mismatch';
  detail: string;
}

const NUMERIC = new Set(['number', 'integer']);
const ORDERING = new Set(['>', '>=', '<', '<=']);

/** What a threshold on a property of this type must be (a location compares with nothing). */
function thresholdTypeOf(type: string): 'number' | 'boolean' | 'string' | null {
  if (NUMERIC.has(type)) return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'enum' || type === 'string') return 'string';
  return null;
}

/**
 * The first part of a condition that could never hold against the readings the rule's devices
 * send: a key none of the thing models has (ingest refuses such readings), a threshold of
 * another type than the property (`tiltX > "five"`), text or true/false compared with an
 * ordering operator, a rate of a non-numeric property. `properties` are those of the rule's
 * product, or of every product when the rule names none; `where` says which in the message.
 */
export function conditionProblem(
  condition: Condition,
  properties: readonly ModelProperty[],
  where: string,
): ConditionProblem | null {
  if (condition.type === 'all' || condition.type === 'any') {
    for (const child of condition.conditions) {
      const problem = conditionProblem(child, properties, where);
      if (problem) return problem;
    }
    return null;
  }
  const key = 'key' in condition ? condition.key : undefined;
  if (key === undefined) return null;
  const types = properties.filter((p) => p.key === key).map((p) => p.type);
  if (types.length === 0) {
    return {
      code: 'unknown_property',
      detail: `No property "${key}" in ${where}: the rule would never fire`,
    };
  }
  if (condition.type === 'rate') {
    return types.some((t) => NUMERIC.has(t))
      ? null
      : {
          code: 'condition_type_mismatch',
          detail: `"${key}" is ${types.join('/')}: a rate needs a number`,
        };
  }
  if (condition.type !== 'threshold') return null;
  const given = typeof condition.value as 'number' | 'boolean' | 'string';
  if (!types.some((t) => thresholdTypeOf(t) === given)) {
    return {
      code: 'condition_type_mismatch',
      detail: `"${key}" is ${types.join('/')}: a threshold of type ${given} never matches it`,
    };
  }
  if (given !== 'number' && ORDERING.has(condition.op)) {
    return {
      code: 'condition_type_mismatch',
      detail: `"${key}" ${condition.op} ${JSON.stringify(condition.value)}: ${given} values compare only with == or !=`,
    };
  }
  return null;
}
