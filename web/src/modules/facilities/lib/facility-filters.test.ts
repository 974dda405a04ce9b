import { describe, expect, it } from 'vitest';
import {
  facilityQuery,
  readFacilityFilters,
  withFacilityFilter,
  writeFacilityFilters,
  type FacilityFilters,
} from './facility-filters';

const base: FacilityFilters = { page: 1, pageSize: 20 };

describe('facility filters', () => {
  it('survive a trip through the URL and leave defaults out', () => {
    const filters: FacilityFilters = {
      kind: 'water_plant',
      region: '310115',
      level: 'attention',
      q: '水厂',
      page: 2,
      pageSize: 50,
    };
    expect(readFacilityFilters(writeFacilityFilters(filters))).toEqual(filters);
    expect(writeFacilityFilters(base).toString()).toBe('');
  });

  it('ignore a level they do not know', () => {
    expect(readFacilityFilters(new URLSearchParams('level=splendid&page=0'))).toEqual(base);
  });

  it('start again from page one when a filter changes', () => {
    expect(withFacilityFilter({ ...base, page: 3, q: 'x' }, { q: '', level: 'poor' })).toEqual({
      ...base,
      level: 'poor',
    });
  });

  it('become the list query, paged', () => {
    expect(facilityQuery({ ...base, page: 3, level: 'poor', region: '310101' })).toEqual({
      limit: 20,
      offset: 40,
      level: 'poor',
      region: '310101',
    });
  });
});
