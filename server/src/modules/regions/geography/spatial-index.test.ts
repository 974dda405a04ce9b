import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoGeography, type GeoRegion } from './demo-geography.ts';
import { mulberry32 } from './prng.ts';
import { bruteForceLocate, RegionSpatialIndex } from './spatial-index.ts';

describe('RegionSpatialIndex', () => {
  let regions: GeoRegion[];
  let grids: GeoRegion[];
  let index: RegionSpatialIndex;

  beforeAll(() => {
    regions = buildDemoGeography();
    grids = regions.filter((r) => r.level === 'grid');
    index = RegionSpatialIndex.build(grids);
  });

  it('indexes every grid', () => {
    expect(index.size).toBe(6509);
  });

  it('agrees with the brute-force scan on 20,000 points in and around the city', () => {
    const city = regions[0] as GeoRegion;
    const [minX, minY, maxX, maxY] = city.bbox;
    // 10% beyond the city's box on every side, so some points fall outside every grid.
    const padX = (maxX - minX) * 0.1;
    const padY = (maxY - minY) * 0.1;
    const random = mulberry32(99);
    let inside = 0;
    let mismatches = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = minX - padX + (maxX - minX + 2 * padX) * random();
      const y = minY - padY + (maxY - minY + 2 * padY) * random();
      const expected = bruteForceLocate(grids, x, y);
      if (expected !== undefined) inside++;
      if (index.locate(x, y) !== expected) mismatches++;
    }
    expect(mismatches).toBe(0);
    // Both answers occur: a third to a half of the box is city.
    expect(inside).toBeGreaterThan(5_000);
    expect(inside).toBeLessThan(15_000);
  });

  it('finds each grid at its own centroid', () => {
    const missed = grids.filter((g) => index.locate(g.centroid[0], g.centroid[1]) !== g.id);
    expect(missed.map((g) => g.id)).toEqual([]);
  });

  it('answers undefined far outside, at the box edges and for NaN', () => {
    expect(index.locate(0, 0)).toBeUndefined();
    expect(index.locate(-180, -90)).toBeUndefined();
    expect(index.locate(121.5, Number.NaN)).toBeUndefined();
    expect(index.locate(Number.POSITIVE_INFINITY, 31)).toBeUndefined();
  });

  it('works on another level (streets) and on an empty set', () => {
    const streets = regions.filter((r) => r.level === 'street');
    const streetIndex = RegionSpatialIndex.build(streets);
    const random = mulberry32(5);
    const missed = streets.filter((s) => streetIndex.locate(...s.centroid) !== s.id);
    expect(missed).toEqual([]);
    let mismatches = 0;
    for (let i = 0; i < 2_000; i++) {
      const x = 120.8 + 1.3 * random();
      const y = 30.6 + 1.4 * random();
      if (streetIndex.locate(x, y) !== bruteForceLocate(streets, x, y)) mismatches++;
    }
    expect(mismatches).toBe(0);
    const empty = RegionSpatialIndex.build([]);
    expect(empty.size).toBe(0);
    expect(empty.locate(121.5, 31.2)).toBeUndefined();
  });
});
