import { describe, expect, it } from 'vitest';
import type { RegionSummary } from '../../shared/api/types';
import { rankByStreets } from './screen-overview';

const district = (id: string, childCount: number): RegionSummary => ({
  id,
  name: id,
  level: 'district',
  parentId: '310000',
  centroid: [0, 0],
  childCount,
});

describe('rankByStreets', () => {
  it('puts the districts with most streets first, ties by code, without touching the input', () => {
    const input = [district('310104', 13), district('310115', 36), district('310101', 13)];
    expect(rankByStreets(input).map((d) => d.id)).toEqual(['310115', '310101', '310104']);
    expect(input[0]?.id).toBe('310104');
  });
});
