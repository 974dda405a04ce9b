import { describe, expect, it } from 'vitest';
import type { ThingProperty } from '../../iot/api/iot-api';
import { fromDraft, newDraft, toDraft, type ConditionDraft } from './condition-draft';
import { checkAgainstModel, keyTypesOf, valueTypeFor } from './condition-model';

const billboard: { properties: ThingProperty[] } = {
  properties: [
    { key: 'tiltX', name: 'X 轴倾角', type: 'number', unit: '°' },
    { key: 'rssi', name: '信号强度', type: 'integer' },
  ],
};
const manhole: { properties: ThingProperty[] } = {
  properties: [
    { key: 'open', name: '井盖开启', type: 'boolean' },
    { key: 'state', name: '状态', type: 'enum', values: ['ok', 'fault'] },
  ],
};
const keys = keyTypesOf([billboard, manhole]);
let n = 0;
const draftOf = (condition: Parameters<typeof toDraft>[0]): ConditionDraft =>
  toDraft(condition, () => `n${++n}`);
const codes = (draft: ConditionDraft) => checkAgainstModel(draft, keys).map((e) => e.code);

describe('conditions against the thing model', () => {
  it('accepts "tilt > 5 for 2 minutes" on billboards', () => {
    const draft = draftOf({ type: 'threshold', key: 'tiltX', op: '>', value: 5, forSeconds: 120 });
    expect(checkAgainstModel(draft, keyTypesOf([billboard]))).toEqual([]);
  });

  it('refuses a key the chosen product does not have, beside the key', () => {
    const draft = draftOf({ type: 'threshold', key: 'tilt', op: '>', value: 5 });
    // fromDraft alone finds nothing wrong: this is what used to be saved and never fired.
    expect(fromDraft(draft).ok).toBe(true);
    expect(checkAgainstModel(draft, keyTypesOf([billboard]))).toEqual([
      { id: draft.id, field: 'key', code: 'unknownKey' },
    ]);
    expect(codes(draftOf({ type: 'threshold', key: 'open', op: '==', value: true }))).toEqual([]);
    expect(
      checkAgainstModel(
        draftOf({ type: 'threshold', key: 'open', op: '==', value: true }),
        keyTypesOf([billboard]),
      ).map((e) => e.code),
    ).toEqual(['unknownKey']);
  });

  it('wants a threshold of the property type', () => {
    expect(codes(draftOf({ type: 'threshold', key: 'tiltX', op: '>', value: 'five' }))).toEqual([
      'expectNumber',
    ]);
    expect(codes(draftOf({ type: 'threshold', key: 'rssi', op: '<', value: true }))).toEqual([
      'expectNumber',
    ]);
    expect(codes(draftOf({ type: 'threshold', key: 'open', op: '==', value: 1 }))).toEqual([
      'expectBoolean',
    ]);
    expect(codes(draftOf({ type: 'threshold', key: 'state', op: '==', value: 'fault' }))).toEqual(
      [],
    );
  });

  it('compares text and true/false only for (in)equality', () => {
    expect(codes(draftOf({ type: 'threshold', key: 'open', op: '>', value: true }))).toEqual([
      'orderNeedsNumber',
    ]);
    expect(codes(draftOf({ type: 'threshold', key: 'state', op: '!=', value: 'ok' }))).toEqual([]);
  });

  it('takes rates of numbers only, and checks every branch of a group', () => {
    const group = draftOf({
      type: 'all',
      conditions: [
        { type: 'rate', key: 'open', op: '>', perMinute: 1 },
        { type: 'noData', key: 'nope', seconds: 60 },
        { type: 'noData', seconds: 60 },
        { type: 'rate', key: 'tiltX', op: '>', perMinute: 1 },
      ],
    });
    expect(codes(group)).toEqual(['notNumericKey', 'unknownKey']);
  });

  it('leaves empty keys to the required check', () => {
    expect(codes(newDraft('threshold'))).toEqual([]);
  });

  it('knows which value type a key compares with', () => {
    expect(valueTypeFor('tiltX', keys)).toBe('number');
    expect(valueTypeFor('open', keys)).toBe('boolean');
    expect(valueTypeFor('state', keys)).toBe('string');
    expect(valueTypeFor('nope', keys)).toBeNull();
  });
});
