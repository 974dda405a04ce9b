import { createHash } from 'node:crypto';
import Flatbush from 'flatbush';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoGeography, type GeoRegion } from './demo-geography.ts';
import { pointInGeometry } from './point-in-polygon.ts';
import { geometryArea, ringSignedArea, toMultiPolygonCoords } from './polygon-math.ts';
import { mulberry32 } from './prng.ts';

const DISTRICT_NAMES = [
  '黄浦区',
  '徐汇区',
  '长宁区',
  '静安区',
  '普陀区',
  '虹口区',
  '杨浦区',
  '闵行区',
  '宝山区',
  '嘉定区',
  '浦东新区',
  '金山区',
  '松江区',
  '青浦区',
  '奉贤区',
  '崇明区',
];

const sha256 = (regions: GeoRegion[]) =>
  createHash('sha256').update(JSON.stringify(regions)).digest('hex');

/** Bounding-box tree over one level, so the tiling check does not depend on the index under test. */
function levelTree(regions: GeoRegion[]): Flatbush {
  const tree = new Flatbush(regions.length);
  for (const r of regions) tree.add(r.bbox[0], r.bbox[1], r.bbox[2], r.bbox[3]);
  tree.finish();
  return tree;
}

function containing(regions: GeoRegion[], tree: Flatbush, x: number, y: number): GeoRegion[] {
  return tree
    .search(x, y, x, y)
    .map((i) => regions[i] as GeoRegion)
    .filter((r) => pointInGeometry(r.geometry, x, y));
}

describe('buildDemoGeography', () => {
  let regions: GeoRegion[];
  let city: GeoRegion;
  let districts: GeoRegion[];
  let streets: GeoRegion[];
  let grids: GeoRegion[];
  const stages = new Set<string>();

  beforeAll(() => {
    regions = buildDemoGeography({
      seed: 42,
      onProgress: (_done, _total, stage) => stages.add(stage),
    });
    city = regions[0] as GeoRegion;
    districts = regions.filter((r) => r.level === 'district');
    streets = regions.filter((r) => r.level === 'street');
    grids = regions.filter((r) => r.level === 'grid');
  });

  it('has one city, the 16 real districts, 234 streets and 6,509 grids, in that order', () => {
    expect(city).toMatchObject({ id: '310000', name: '上海市', level: 'city', parentId: null });
    expect(districts.map((d) => d.name)).toEqual(DISTRICT_NAMES);
    expect(districts.map((d) => d.id)).toContain('310151');
    expect(districts.every((d) => d.parentId === '310000')).toBe(true);
    expect(streets).toHaveLength(234);
    expect(grids).toHaveLength(6509);
    expect(regions.map((r) => r.level)).toEqual([
      'city',
      ...districts.map(() => 'district'),
      ...streets.map(() => 'street'),
      ...grids.map(() => 'grid'),
    ]);
    expect(new Set(regions.map((r) => r.id)).size).toBe(regions.length);
    expect([...stages]).toEqual(['districts', 'streets', 'grids']);
  });

  it('keeps the real codes and names of streets and committees', () => {
    const byId = new Map(regions.map((r) => [r.id, r]));
    expect(byId.get('310101002')?.name).toBe('南京东路街道');
    expect(byId.get('310101002001')).toMatchObject({
      name: '云南中路居委会',
      parentId: '310101002',
    });
    for (const street of streets) {
      expect(street.id).toMatch(/^\d{9}$/);
      expect(street.id.slice(0, 6)).toBe(street.parentId);
    }
    for (const grid of grids) {
      expect(grid.id).toMatch(/^\d{12}$/);
      expect(grid.id.slice(0, 9)).toBe(grid.parentId);
    }
  });

  it('gives every region area and a well-formed, RFC 7946-oriented geometry', () => {
    const problems: string[] = [];
    for (const r of regions) {
      if (!(geometryArea(r.geometry) > 0)) problems.push(`${r.id}: no area`);
      for (const polygon of toMultiPolygonCoords(r.geometry)) {
        polygon.forEach((ring, k) => {
          const first = ring[0];
          const last = ring[ring.length - 1];
          if (ring.length < 4 || !first || !last || first[0] !== last[0] || first[1] !== last[1]) {
            problems.push(`${r.id}: ring ${k} is not closed`);
          }
          if (ringSignedArea(ring) > 0 !== (k === 0))
            problems.push(`${r.id}: ring ${k} wound wrongly`);
        });
      }
    }
    expect(problems).toEqual([]);
  });

  it('puts every centroid inside its own polygon and every bbox around it', () => {
    const problems = regions
      .filter((r) => {
        const [x, y] = r.centroid;
        const inBox = x >= r.bbox[0] && x <= r.bbox[2] && y >= r.bbox[1] && y <= r.bbox[3];
        return !inBox || !pointInGeometry(r.geometry, x, y);
      })
      .map((r) => r.id);
    expect(problems).toEqual([]);
  });

  it('tiles without gaps or overlaps: each point of the city is in exactly one grid, street and district', () => {
    const gridTree = levelTree(grids);
    const streetTree = levelTree(streets);
    const districtTree = levelTree(districts);
    const random = mulberry32(2024);
    const [minX, minY, maxX, maxY] = city.bbox;
    const problems: string[] = [];
    let checked = 0;
    let outside = 0;
    while (checked < 20_000) {
      const x = minX + (maxX - minX) * random();
      const y = minY + (maxY - minY) * random();
      if (!pointInGeometry(city.geometry, x, y)) {
        // Outside the city nothing may claim the point.
        if (outside++ < 5_000 && containing(grids, gridTree, x, y).length > 0) {
          problems.push(`(${x}, ${y}) is outside the city but in a grid`);
        }
        continue;
      }
      checked++;
      const inGrids = containing(grids, gridTree, x, y);
      const inStreets = containing(streets, streetTree, x, y);
      const inDistricts = containing(districts, districtTree, x, y);
      const grid = inGrids[0];
      const street = inStreets[0];
      const district = inDistricts[0];
      if (
        inGrids.length !== 1 ||
        inStreets.length !== 1 ||
        inDistricts.length !== 1 ||
        grid?.parentId !== street?.id ||
        street?.parentId !== district?.id
      ) {
        const ids = (list: GeoRegion[]) => list.map((r) => r.id).join('+') || 'none';
        problems.push(
          `(${x}, ${y}): grids ${ids(inGrids)}, streets ${ids(inStreets)}, districts ${ids(inDistricts)}`,
        );
      }
    }
    expect(problems).toEqual([]);
  });

  it('sums children areas to their parent area (relative error < 1e-6)', () => {
    const sums = new Map<string, number>();
    let worst = 0;
    for (const r of regions) {
      if (r.parentId) sums.set(r.parentId, (sums.get(r.parentId) ?? 0) + geometryArea(r.geometry));
    }
    for (const parent of [city, ...districts, ...streets]) {
      const area = geometryArea(parent.geometry);
      const sum = sums.get(parent.id) ?? 0;
      worst = Math.max(worst, Math.abs(sum - area) / area);
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('is deterministic: the same seed gives byte-identical output', () => {
    expect(sha256(buildDemoGeography({ seed: 42 }))).toBe(sha256(regions));
  });

  it('draws different streets for a different seed, over the same districts', () => {
    const other = buildDemoGeography({ seed: 43 });
    expect(other.map((r) => r.id)).toEqual(regions.map((r) => r.id));
    const same = (a: GeoRegion | undefined, b: GeoRegion | undefined) =>
      JSON.stringify(a?.geometry) === JSON.stringify(b?.geometry);
    for (let i = 0; i <= 16; i++) expect(same(other[i], regions[i])).toBe(true);
    let differing = 0;
    for (let i = 17; i < 17 + 234; i++) if (!same(other[i], regions[i])) differing++;
    // Streets that are a district's only street keep the district outline; all others move.
    expect(differing).toBeGreaterThan(200);
  });

  it('splits each committee into k grids at benchmark scale', () => {
    const scaled = buildDemoGeography({ seed: 42, gridsPerCommunity: 2 });
    const scaledGrids = scaled.filter((r) => r.level === 'grid');
    expect(scaledGrids).toHaveLength(6509 * 2);
    expect(scaledGrids[0]).toMatchObject({
      id: '31010100200101',
      name: '云南中路居委会第1网格',
      parentId: '310101002',
    });
    expect(scaledGrids[1]?.id).toBe('31010100200102');
    expect(scaledGrids[1]?.name).toBe('云南中路居委会第2网格');
    // Streets are unchanged by the grid scale.
    expect(JSON.stringify(scaled.slice(0, 251))).toBe(JSON.stringify(regions.slice(0, 251)));
    const sums = new Map<string, number>();
    for (const g of scaledGrids)
      sums.set(
        g.parentId as string,
        (sums.get(g.parentId as string) ?? 0) + geometryArea(g.geometry),
      );
    const worst = Math.max(
      ...streets.map((street) => {
        const area = geometryArea(street.geometry);
        return Math.abs((sums.get(street.id) ?? 0) - area) / area;
      }),
    );
    expect(worst).toBeLessThan(1e-6);
  });

  it('rejects a bad grid scale', () => {
    expect(() => buildDemoGeography({ gridsPerCommunity: 0 })).toThrow(RangeError);
    expect(() => buildDemoGeography({ gridsPerCommunity: 1.5 })).toThrow(RangeError);
    expect(() => buildDemoGeography({ gridsPerCommunity: 100 })).toThrow(RangeError);
  });
});
