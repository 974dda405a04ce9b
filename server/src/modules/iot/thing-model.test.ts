import { describe, expect, it } from 'vitest';
import { demoProducts } from './demo-products.ts';
import { checkValue, validateThingModel, type ThingProperty } from './thing-model.ts';

describe('thing models', () => {
  it('every demo product has a valid model', () => {
    for (const product of demoProducts) {
      expect(validateThingModel(product.thingModel), product.id).toEqual([]);
    }
  });

  it('refuses bad shapes and contradictions', () => {
    expect(validateThingModel({ intervalSeconds: 60, properties: [] })).not.toEqual([]);
    const problems = validateThingModel({
      intervalSeconds: 60,
      properties: [
        { key: 'on', name: 'On', type: 'boolean', min: 0 },
        { key: 'mode', name: 'Mode', type: 'string', values: ['a'] },
      ],
      events: [],
      commands: [],
    });
    expect(problems.map((p) => p.message)).toEqual([
      'min and max apply to number and integer properties',
      'values apply to enum properties',
    ]);
  });

  it('checks values: ranges flag, wrong types refuse', () => {
    const level: ThingProperty = { key: 'level', name: 'L', type: 'number', min: 0, max: 10 };
    expect(checkValue(level, 5)).toEqual({ ok: true, value: 5 });
    expect(checkValue(level, '5.5')).toEqual({ ok: true, value: 5.5 });
    expect(checkValue(level, 11)).toMatchObject({
      ok: true,
      value: 11,
      outOfRange: expect.any(String),
    });
    expect(checkValue(level, 'high')).toMatchObject({ ok: false, kind: 'wrong_type' });
    expect(checkValue(level, null)).toMatchObject({ ok: false });
    const floor: ThingProperty = { key: 'floor', name: 'F', type: 'integer' };
    expect(checkValue(floor, 2.5)).toMatchObject({ ok: false });
    const mode: ThingProperty = { key: 'm', name: 'M', type: 'enum', values: ['a', 'b'] };
    expect(checkValue(mode, 'c')).toMatchObject({ ok: false });
    const flag: ThingProperty = { key: 'f', name: 'F', type: 'boolean' };
    expect(checkValue(flag, 1)).toEqual({ ok: true, value: true });
    const where: ThingProperty = { key: 'w', name: 'W', type: 'location' };
    expect(checkValue(where, { lat: 31.2, lng: 121.5 })).toEqual({
      ok: true,
      value: { lat: 31.2, lng: 121.5 },
    });
    expect(checkValue(where, { lat: 91, lng: 0 })).toMatchObject({ ok: false });
  });
});
