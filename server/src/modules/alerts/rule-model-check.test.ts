import { describe, expect, it } from 'vitest';
import { conditionProblem, type ModelProperty } from './rule-model-check.ts';

const billboard: ModelProperty[] = [
  { key: 'tiltX', type: 'number' },
  { key: 'rssi', type: 'integer' },
];
const manhole: ModelProperty[] = [
  { key: 'open', type: 'boolean' },
  { key: 'state', type: 'enum' },
  { key: 'position', type: 'location' },
];
const code = (condition: Parameters<typeof conditionProblem>[0], props = billboard) =>
  conditionProblem(condition, props, 'billboard-tilt')?.code ?? null;

describe('conditions against the thing model', () => {
  it('accepts "tilt > 5 for 2 minutes" on billboards', () => {
    expect(
      code({ type: 'threshold', key: 'tiltX', op: '>', value: 5, forSeconds: 120 }),
    ).toBeNull();
    expect(code({ type: 'rate', key: 'rssi', op: '<', perMinute: -3 })).toBeNull();
    expect(code({ type: 'noData', seconds: 600 })).toBeNull();
  });

  it('refuses a key the thing model does not have, naming it', () => {
    const problem = conditionProblem(
      { type: 'threshold', key: 'tilt', op: '>', value: 5 },
      billboard,
      'the thing model of billboard-tilt',
    );
    expect(problem).toEqual({
      code: 'unknown_property',
      detail: 'No property "tilt" in the thing model of billboard-tilt: the rule would never fire',
    });
    expect(code({ type: 'noData', key: 'tilt', seconds: 60 })).toBe('unknown_property');
  });

  it('refuses thresholds and operators that can never match the property', () => {
    expect(code({ type: 'threshold', key: 'tiltX', op: '>', value: 'five' })).toBe(
      'condition_type_mismatch',
    );
    expect(code({ type: 'threshold', key: 'tiltX', op: '==', value: true })).toBe(
      'condition_type_mismatch',
    );
    expect(code({ type: 'threshold', key: 'open', op: '>', value: true }, manhole)).toBe(
      'condition_type_mismatch',
    );
    expect(code({ type: 'threshold', key: 'position', op: '==', value: 'x' }, manhole)).toBe(
      'condition_type_mismatch',
    );
    expect(code({ type: 'rate', key: 'open', op: '>', perMinute: 1 }, manhole)).toBe(
      'condition_type_mismatch',
    );
    expect(code({ type: 'threshold', key: 'open', op: '==', value: true }, manhole)).toBeNull();
    expect(code({ type: 'threshold', key: 'state', op: '!=', value: 'ok' }, manhole)).toBeNull();
  });

  it('looks into every branch of AND / OR', () => {
    expect(
      code({
        type: 'any',
        conditions: [
          { type: 'threshold', key: 'tiltX', op: '>', value: 5 },
          { type: 'all', conditions: [{ type: 'rate', key: 'nope', op: '>', perMinute: 1 }] },
        ],
      }),
    ).toBe('unknown_property');
  });
});
