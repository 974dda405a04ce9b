import { describe, expect, it } from 'vitest';
import type { Condition } from '../api/alerts-api';
import {
  addChild,
  changeType,
  conditionKeys,
  describeCondition,
  fromDraft,
  isCondition,
  newDraft,
  parseConditionJson,
  removeNode,
  toDraft,
  updateNode,
  type ConditionDraft,
  type ThresholdDraft,
} from './condition-draft';

/** Ids that are the same on every run, so trees can be compared whole. */
function ids() {
  let n = 0;
  return () => `n${++n}`;
}

const billboard: Condition = {
  type: 'any',
  conditions: [
    {
      type: 'all',
      conditions: [
        { type: 'threshold', key: 'tiltX', op: '>', value: 5, forSeconds: 120 },
        { type: 'rate', key: 'vibration', op: '>=', perMinute: 0.5 },
      ],
    },
    { type: 'noData', seconds: 900 },
    { type: 'noData', key: 'battery', seconds: 3600 },
    { type: 'threshold', key: 'tiltAlarm', op: '==', value: true },
    { type: 'threshold', key: 'status', op: '!=', value: 'normal' },
  ],
};

describe('condition drafts', () => {
  it('round-trip the JSON the server takes, for every kind of condition', () => {
    const draft = toDraft(billboard, ids());
    expect(fromDraft(draft)).toEqual({ ok: true, condition: billboard });
  });

  it('keep numbers as typed text in the editor', () => {
    const draft = toDraft(
      { type: 'threshold', key: 'level', op: '<', value: -0.25, forSeconds: 60 },
      ids(),
    );
    expect(draft).toEqual({
      id: 'n1',
      type: 'threshold',
      key: 'level',
      op: '<',
      valueType: 'number',
      value: '-0.25',
      forSeconds: '60',
    });
  });

  it('leave out an empty "for" and an empty no-data key', () => {
    const threshold = { ...newDraft('threshold', 't'), key: ' tilt ', value: '5' };
    expect(fromDraft(threshold)).toEqual({
      ok: true,
      condition: { type: 'threshold', key: 'tilt', op: '>', value: 5 },
    });
    expect(fromDraft(newDraft('noData', 'n'))).toEqual({
      ok: true,
      condition: { type: 'noData', seconds: 300 },
    });
  });

  it('report every mistake beside its field, within the server limits', () => {
    const tree: ConditionDraft = {
      id: 'g',
      type: 'all',
      conditions: [
        { ...(newDraft('threshold', 'a') as ThresholdDraft), value: 'abc', forSeconds: '1.5' },
        { id: 'b', type: 'rate', key: 'level', op: '>', perMinute: '' },
        { id: 'c', type: 'noData', key: 'x'.repeat(65), seconds: '5' },
        { id: 'd', type: 'any', conditions: [] },
        {
          ...(newDraft('threshold', 'e') as ThresholdDraft),
          key: 'open',
          valueType: 'boolean',
          value: 'maybe',
        },
      ],
    };
    const result = fromDraft(tree);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { id: 'a', field: 'key', code: 'required' },
      { id: 'a', field: 'value', code: 'notNumber' },
      { id: 'a', field: 'forSeconds', code: 'notInteger' },
      { id: 'b', field: 'perMinute', code: 'required' },
      { id: 'c', field: 'key', code: 'tooLong', params: { max: 64 } },
      { id: 'c', field: 'seconds', code: 'outOfRange', params: { min: 10, max: 2_592_000 } },
      { id: 'd', field: 'conditions', code: 'groupSize', params: { min: 1, max: 20 } },
      { id: 'e', field: 'value', code: 'notBoolean' },
    ]);
  });

  it('refuse a group of more than twenty conditions', () => {
    const group: ConditionDraft = {
      id: 'g',
      type: 'any',
      conditions: Array.from({ length: 21 }, (_, i) => ({
        ...(newDraft('threshold', `t${i}`) as ThresholdDraft),
        key: 'k',
        value: '1',
      })),
    };
    const result = fromDraft(group);
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual(['groupSize']);
  });
});

describe('editing the tree', () => {
  const start = (): ConditionDraft => toDraft(billboard, ids());

  it('changes one field without touching the rest or the old tree', () => {
    const before = start();
    const after = updateNode(before, 'n3', (node) => ({ ...node, key: 'tiltY' }) as ConditionDraft);
    const result = fromDraft(after);
    expect(result.ok && conditionKeys(result.condition)).toEqual([
      'tiltY',
      'vibration',
      'battery',
      'tiltAlarm',
      'status',
    ]);
    expect(fromDraft(before)).toEqual({ ok: true, condition: billboard });
  });

  it('adds to and removes from a group, but never removes the root', () => {
    const tree = start();
    const added = addChild(tree, 'n2', { id: 'x', type: 'noData', key: 'tiltX', seconds: '300' });
    const addedResult = fromDraft(added);
    expect(addedResult.ok && describeCondition(addedResult.condition)).toContain(
      '(tiltX > 5 (120 s) AND Δvibration/min >= 0.5 AND ∅ tiltX 300 s)',
    );
    const removed = removeNode(added, 'n2');
    expect(removed.type === 'any' && removed.conditions.map((c) => c.id)).toEqual([
      'n5',
      'n6',
      'n7',
      'n8',
    ]);
    expect(removeNode(tree, 'n1')).toBe(tree);
  });

  it('changes a node kind keeping what still makes sense', () => {
    const leaf = { ...(newDraft('threshold', 'l') as ThresholdDraft), key: 'level', value: '3' };
    expect(changeType(leaf, 'rate')).toEqual({
      id: 'l',
      type: 'rate',
      key: 'level',
      op: '>',
      perMinute: '',
    });
    const wrapped = changeType(leaf, 'all');
    expect(wrapped.type === 'all' && wrapped.conditions[0]).toMatchObject({ key: 'level' });
    expect(wrapped.id).toBe('l');
    const group = toDraft(billboard, ids());
    const flipped = changeType(group, 'all');
    expect(flipped.type === 'all' && flipped.conditions).toBe(
      group.type === 'any' && group.conditions,
    );
    expect(changeType(group, 'noData')).toEqual({
      id: group.id,
      type: 'noData',
      key: '',
      seconds: '300',
    });
  });
});

describe('reading JSON', () => {
  it('accepts a valid condition', () => {
    const parsed = parseConditionJson(JSON.stringify(billboard));
    expect(parsed.ok && fromDraft(parsed.draft)).toEqual({ ok: true, condition: billboard });
  });

  it('tells broken JSON, a wrong shape and out-of-range values apart', () => {
    expect(parseConditionJson('{').ok).toBe(false);
    expect(parseConditionJson('{')).toMatchObject({ reason: 'syntax' });
    expect(parseConditionJson('{"type":"threshold","key":"a","op":"~","value":1}')).toEqual({
      ok: false,
      reason: 'shape',
    });
    expect(
      parseConditionJson('{"type":"threshold","key":"a","op":">","value":1,"extra":true}'),
    ).toEqual({ ok: false, reason: 'shape' });
    expect(parseConditionJson('{"type":"noData","seconds":1}')).toMatchObject({
      ok: false,
      reason: 'invalid',
      errors: [{ field: 'seconds', code: 'outOfRange' }],
    });
  });

  it('knows a condition from anything else', () => {
    expect(isCondition(billboard)).toBe(true);
    expect(isCondition({ type: 'all', conditions: [{ type: 'rate' }] })).toBe(false);
    expect(isCondition(null)).toBe(false);
    expect(isCondition([])).toBe(false);
  });
});

describe('describeCondition', () => {
  it('reads as one line with AND / OR', () => {
    expect(describeCondition(billboard)).toBe(
      '(tiltX > 5 (120 s) AND Δvibration/min >= 0.5) OR ∅ * 900 s OR ∅ battery 3600 s OR tiltAlarm == true OR status != "normal"',
    );
  });
});
