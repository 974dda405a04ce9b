import { describe, expect, it } from 'vitest';
import type { DeviceMapFeature } from '../api/iot-api';
import {
  filtersIgnoredOnMap,
  mapFeatureMatches,
  matchesClientFilters,
  needsClientFilter,
  pageWithin,
  readDeviceFilters,
  serverDeviceQuery,
  withFilter,
  writeDeviceFilters,
  type DeviceFilters,
} from './device-filters';

const base: DeviceFilters = { page: 1, pageSize: 20, view: 'table' };

describe('device filters in the URL', () => {
  it('read back what was written', () => {
    const filters: DeviceFilters = {
      product: 'billboard-tilt',
      region: '310101',
      status: 'offline',
      department: '310101.lhsr',
      tag: 'demo',
      q: 'BB-00',
      page: 3,
      pageSize: 50,
      view: 'map',
    };
    expect(readDeviceFilters(writeDeviceFilters(filters))).toEqual(filters);
  });

  it('leave defaults out so a plain page has a plain URL', () => {
    expect(writeDeviceFilters(base).toString()).toBe('');
  });

  it('ignore values they do not know instead of sending them to the server', () => {
    const read = readDeviceFilters(
      new URLSearchParams('status=broken&page=-2&pageSize=7&view=globe&q=%20%20&tag='),
    );
    expect(read).toEqual(base);
  });

  it('go back to the first page when a filter changes, and drop cleared filters', () => {
    const next = withFilter(
      { ...base, page: 4, tag: 'demo' },
      { tag: undefined, status: 'online' },
    );
    expect(next).toEqual({ ...base, status: 'online' });
    expect('tag' in next).toBe(false);
  });
});

describe('which filters go where', () => {
  const filters: DeviceFilters = {
    ...base,
    product: 'water-level',
    region: '310104',
    tag: 'demo',
    q: 'WL',
    status: 'online',
    department: '310104.sw',
  };

  it('sends product, region, tag and name to the server', () => {
    expect(serverDeviceQuery(filters, 40, 20)).toEqual({
      product: 'water-level',
      region: '310104',
      tag: 'demo',
      q: 'WL',
      limit: 20,
      offset: 40,
    });
  });

  it('applies online status and department in the page, which the endpoint cannot', () => {
    expect(needsClientFilter(base)).toBe(false);
    expect(needsClientFilter(filters)).toBe(true);
    expect(matchesClientFilters({ online: true, departmentId: '310104.sw' }, filters)).toBe(true);
    expect(matchesClientFilters({ online: false, departmentId: '310104.sw' }, filters)).toBe(false);
    expect(matchesClientFilters({ online: true, departmentId: '310104.cg' }, filters)).toBe(false);
    expect(matchesClientFilters({ online: false, departmentId: null }, base)).toBe(true);
  });

  it('says which filters the map cannot apply', () => {
    expect(filtersIgnoredOnMap(filters)).toEqual(['department', 'tag', 'q']);
    expect(filtersIgnoredOnMap(base)).toEqual([]);
    const point = (online: boolean) => ({ properties: { online } }) as unknown as DeviceMapFeature;
    expect(mapFeatureMatches(point(false), { ...base, status: 'offline' })).toBe(true);
    expect(mapFeatureMatches(point(true), { ...base, status: 'offline' })).toBe(false);
    expect(mapFeatureMatches(point(true), base)).toBe(true);
  });
});

describe('the page shown', () => {
  it('stays where it is while it has rows', () => {
    expect(pageWithin(3, 20, 2000)).toBe(3);
    expect(pageWithin(100, 20, 2000)).toBe(100);
  });

  it('moves back to the last page when asked for one past the end', () => {
    expect(pageWithin(999, 20, 2000)).toBe(100);
    expect(pageWithin(4, 20, 41)).toBe(3);
  });

  it('is the first page when nothing matches', () => {
    expect(pageWithin(5, 20, 0)).toBe(1);
    expect(pageWithin(0, 20, 10)).toBe(1);
  });
});
