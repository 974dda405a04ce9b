import { describe, expect, it } from 'vitest';
import type { RuleRow } from './alert.repository.ts';
import { RuleIndex, type ObservedDevice } from './rule-index.ts';

const CITY = '310000';

const rule = (over: Partial<RuleRow>): RuleRow => ({
  id: over.id ?? 'rule',
  name: 'rule',
  description: '',
  severity: 'major',
  productId: null,
  deviceId: null,
  tag: null,
  regionId: null,
  condition: { type: 'threshold', key: 'tiltX', op: '>', value: 5 },
  stormThreshold: 20,
  stormWindowSeconds: 300,
  enabled: true,
  version: 1,
  createdBy: 'test',
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...over,
});

const billboard: ObservedDevice = {
  id: 'd-1',
  name: 'billboard 1',
  productId: 'billboard-tilt',
  tags: ['外滩'],
  gridId: '310101001001',
  streetId: '310101001',
  districtId: '310101',
  departmentId: null,
  location: null,
};

const ids = (index: RuleIndex, device: ObservedDevice) =>
  index
    .match(device)
    .map((r) => r.row.id)
    .sort();

describe('RuleIndex', () => {
  it('matches by product, device, tag and region subtree; skips disabled rules', () => {
    const index = new RuleIndex(() => CITY);
    index.replace([
      rule({ id: 'product', productId: 'billboard-tilt' }),
      rule({ id: 'other-product', productId: 'manhole-cover' }),
      rule({ id: 'device', deviceId: 'd-1' }),
      rule({ id: 'other-device', deviceId: 'd-2' }),
      rule({ id: 'tag', tag: '外滩' }),
      rule({ id: 'district', regionId: '310101' }),
      rule({ id: 'other-district', regionId: '310104' }),
      rule({ id: 'city', regionId: CITY }),
      rule({ id: 'disabled', productId: 'billboard-tilt', enabled: false }),
    ]);
    expect(ids(index, billboard)).toEqual(['city', 'device', 'district', 'product', 'tag']);
  });

  it('answers for the same device again after the rules changed (no stale match)', () => {
    const index = new RuleIndex(() => CITY);
    index.replace([rule({ id: 'manholes', productId: 'manhole-cover' })]);
    expect(ids(index, billboard)).toEqual([]);
    index.replace([rule({ id: 'billboards', productId: 'billboard-tilt' })]);
    expect(ids(index, billboard)).toEqual(['billboards']);
    index.replace([]);
    expect(ids(index, billboard)).toEqual([]);
  });
});
