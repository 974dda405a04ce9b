import { describe, expect, it } from 'vitest';
import { CredentialCache } from './credential-cache.ts';

const credential = (id: string) => ({
  deviceId: id,
  productId: 'p',
  gridId: null,
  name: `device-${id}`,
  tags: [],
  streetId: null,
  districtId: null,
  departmentId: null,
  lng: null,
  lat: null,
});

describe('credential cache', () => {
  it('evicts the least recently used entry and expires old ones', () => {
    const cache = new CredentialCache(2, 1000, 100);
    cache.set('a', credential('1'), 0);
    cache.set('b', credential('2'), 0);
    expect(cache.get('a', 1)?.deviceId).toBe('1'); // a is now the most recent
    cache.set('c', credential('3'), 1);
    expect(cache.get('b', 2)).toBeUndefined();
    expect(cache.get('a', 2)?.deviceId).toBe('1');
    cache.set('unknown', null, 2);
    expect(cache.get('unknown', 50)).toBeNull();
    expect(cache.get('unknown', 200)).toBeUndefined();
    expect(cache.get('a', 5000)).toBeUndefined();
  });
});
