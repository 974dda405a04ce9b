import polygonClipping from 'polygon-clipping';
import type { BBox, MultiPolygon, Polygon, Position } from './geojson.ts';
import {
  loadDistrictOutlines,
  loadShanghaiDivisions,
  SHANGHAI_CODE,
  SHANGHAI_NAME,
  type CommunityRecord,
  type DistrictRecord,
} from './division-data.ts';
import { pointInGeometry } from './point-in-polygon.ts';
import {
  areaCentroid,
  bboxOf,
  cleanMultiPolygon,
  pointOnSurface,
  toGeometry,
  type MultiPolygonCoords,
} from './polygon-math.ts';
import { deriveSeed, mulberry32 } from './prng.ts';
import { prepareRegion, splitRegion, type SplitCell } from './voronoi-split.ts';

/**
 * The demo city's map: Shanghai's real city → district → street → grid hierarchy with real
 * codes and names, real district outlines, and street and grid polygons generated inside them
 * by seeded Voronoi splits, so that every level tiles its parent exactly.
 */

export type RegionLevel = 'city' | 'district' | 'street' | 'grid';

export interface GeoRegion {
  id: string;
  name: string;
  level: RegionLevel;
  parentId: string | null;
  geometry: Polygon | MultiPolygon;
  /** A point inside the region: the area centroid, or a point on the surface when that falls outside. */
  centroid: Position;
  bbox: BBox;
}

export type GeographyStage = 'districts' | 'streets' | 'grids';

export interface BuildDemoGeographyOptions {
  /** A 32-bit integer; every street and grid polygon depends on it, codes and names do not. */
  seed?: number;
  /** Grids per residents' committee; above 1 each committee is split further (benchmarks). */
  gridsPerCommunity?: number;
  /**
   * Called as each stage starts (done = 0) and as it advances: after the districts, after
   * each district's streets, after each street's grids. `done` and `total` count regions.
   */
  onProgress?: (done: number, total: number, stage: GeographyStage) => void;
}

/** The seed of the demo city everyone sees; any fixed number would do. */
export const DEFAULT_GEOGRAPHY_SEED = 20_231_101;
export const MAX_GRIDS_PER_COMMUNITY = 99;

/** Rings below ≈ 1e-5 m² are clipping noise, not land. */
const MIN_RING_AREA = 1e-15;

type Coords = MultiPolygonCoords;

function region(
  id: string,
  name: string,
  level: RegionLevel,
  parentId: string | null,
  coords: Coords,
  seed?: Position,
): GeoRegion {
  const geometry = toGeometry(coords);
  const center = areaCentroid(coords);
  let centroid: Position | null =
    center && pointInGeometry(geometry, center[0], center[1]) ? center : null;
  if (!centroid) {
    const onSurface = pointOnSurface(coords, center?.[1]);
    centroid =
      onSurface && pointInGeometry(geometry, onSurface[0], onSurface[1]) ? onSurface : null;
  }
  centroid ??= seed ?? null;
  if (!centroid) throw new Error(`region ${id} has no interior point`);
  return { id, name, level, parentId, geometry, centroid, bbox: bboxOf(coords) };
}

function bboxesOverlap(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/**
 * Makes the published outlines tile: they are quantised to 1/1024° (≈ 100 m), so neighbours
 * overlap by slivers and leave slivers of no-man's-land between them. Each overlap goes to
 * the district that comes first by code; each gap inside the city goes to the district that
 * shares most of its vertices. Returns the districts and the city (their union).
 */
function tileDistricts(
  districts: DistrictRecord[],
  outlines: Map<string, Coords>,
): { districts: Coords[]; city: Coords } {
  const tiled: Coords[] = [];
  const boxes: BBox[] = [];
  for (const district of districts) {
    const outline = outlines.get(district.code) as Coords;
    // A union of one shape repairs self-touching rings and orients the rings.
    let coords: Coords = polygonClipping.union(outline);
    const box = bboxOf(coords);
    const earlier = tiled.filter((_, i) => bboxesOverlap(box, boxes[i] as BBox));
    if (earlier.length > 0) coords = polygonClipping.difference(coords, ...earlier);
    tiled.push(coords);
    boxes.push(bboxOf(coords));
  }

  const union = polygonClipping.union(tiled[0] ?? [], ...tiled.slice(1));
  const owners = new Map<string, number[]>();
  tiled.forEach((coords, d) => {
    for (const polygon of coords) {
      for (const ring of polygon) {
        for (const [x, y] of ring) {
          const key = `${x},${y}`;
          const list = owners.get(key);
          if (!list) owners.set(key, [d]);
          else if (list[list.length - 1] !== d) list.push(d);
        }
      }
    }
  });
  const gapsOf: Coords[] = tiled.map(() => []);
  const city: Coords = [];
  for (const polygon of union) {
    const [exterior, ...holes] = polygon;
    if (!exterior) continue;
    const keptHoles: Position[][] = [];
    for (const hole of holes) {
      const votes = new Map<number, number>();
      for (const [x, y] of hole) {
        for (const d of owners.get(`${x},${y}`) ?? []) votes.set(d, (votes.get(d) ?? 0) + 1);
      }
      let owner = -1;
      let most = 0;
      for (const [d, count] of votes) {
        if (count > most || (count === most && d < owner)) {
          owner = d;
          most = count;
        }
      }
      if (owner < 0) keptHoles.push(hole);
      else (gapsOf[owner] as Coords).push([hole]);
    }
    city.push([exterior, ...keptHoles]);
  }
  const filled = tiled.map((coords, d) => {
    const gaps = gapsOf[d] as Coords;
    const merged = gaps.length > 0 ? polygonClipping.union(coords, ...gaps) : coords;
    return cleanMultiPolygon(merged, MIN_RING_AREA);
  });
  return { districts: filled, city: cleanMultiPolygon(city, MIN_RING_AREA) };
}

/** cos(latitude) at the middle of the city, rounded so that no libm difference leaks out. */
function lngScaleAt(city: Coords): number {
  const [, minY, , maxY] = bboxOf(city);
  return Math.round(Math.cos((((minY + maxY) / 2) * Math.PI) / 180) * 1e6) / 1e6;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Builds the demo city: the city, its 16 districts, 234 streets and (by default) one grid per
 * residents' or villagers' committee, 6,509 in all, in that order. Deterministic: the same
 * seed gives byte-identical output.
 */
export function buildDemoGeography(options: BuildDemoGeographyOptions = {}): GeoRegion[] {
  const seed = options.seed ?? DEFAULT_GEOGRAPHY_SEED;
  const perCommunity = options.gridsPerCommunity ?? 1;
  if (
    !Number.isInteger(perCommunity) ||
    perCommunity < 1 ||
    perCommunity > MAX_GRIDS_PER_COMMUNITY
  ) {
    throw new RangeError(`gridsPerCommunity must be an integer in 1..${MAX_GRIDS_PER_COMMUNITY}`);
  }
  const progress = options.onProgress ?? (() => {});
  const divisions = loadShanghaiDivisions();
  const outlines = loadDistrictOutlines(divisions.districts);

  progress(0, divisions.districts.length, 'districts');
  const tiled = tileDistricts(divisions.districts, outlines);
  const lngScale = lngScaleAt(tiled.city);
  const cityRegion = region(SHANGHAI_CODE, SHANGHAI_NAME, 'city', null, tiled.city);
  const districtRegions = divisions.districts.map((d, i) =>
    region(d.code, d.name, 'district', SHANGHAI_CODE, tiled.districts[i] as Coords),
  );
  progress(divisions.districts.length, divisions.districts.length, 'districts');

  const streetsByDistrict = groupBy(divisions.streets, (s) => s.districtCode);
  const streetRegions: GeoRegion[] = [];
  const streetCells = new Map<string, SplitCell>();
  progress(0, divisions.streets.length, 'streets');
  divisions.districts.forEach((district, i) => {
    const streets = streetsByDistrict.get(district.code) ?? [];
    if (streets.length === 0) return;
    const random = mulberry32(deriveSeed(seed, district.code));
    const prepared = prepareRegion(tiled.districts[i] as Coords);
    const cells = splitRegion(prepared, streets.length, random, { lngScale });
    streets.forEach((street, k) => {
      const cell = cells[k] as SplitCell;
      streetCells.set(street.code, cell);
      streetRegions.push(
        region(street.code, street.name, 'street', district.code, cell.coords, cell.seed),
      );
    });
    progress(streetRegions.length, divisions.streets.length, 'streets');
  });

  const communitiesByStreet = groupBy(divisions.communities, (c) => c.streetCode);
  const totalGrids = divisions.communities.length * perCommunity;
  const gridRegions: GeoRegion[] = [];
  progress(0, totalGrids, 'grids');
  for (const street of divisions.streets) {
    const communities = communitiesByStreet.get(street.code) ?? [];
    const streetCell = streetCells.get(street.code);
    if (communities.length === 0 || !streetCell) continue;
    const random = mulberry32(deriveSeed(seed, street.code));
    const cells = splitRegion(prepareRegion(streetCell.coords), communities.length, random, {
      lngScale,
    });
    communities.forEach((community, k) => {
      const cell = cells[k] as SplitCell;
      if (perCommunity === 1) {
        gridRegions.push(
          region(community.code, community.name, 'grid', street.code, cell.coords, cell.seed),
        );
      } else {
        gridRegions.push(
          ...splitCommunity(community, cell, perCommunity, seed, lngScale, street.code),
        );
      }
    });
    progress(gridRegions.length, totalGrids, 'grids');
  }
  return [cityRegion, ...districtRegions, ...streetRegions, ...gridRegions];
}

/** Benchmark scale: k grids per committee, ids `<committee code><01..k>`, names `…第n网格`. */
function splitCommunity(
  community: CommunityRecord,
  cell: SplitCell,
  k: number,
  seed: number,
  lngScale: number,
  streetCode: string,
): GeoRegion[] {
  const random = mulberry32(deriveSeed(seed, community.code));
  const parts = splitRegion(prepareRegion(cell.coords), k, random, { lngScale });
  return parts.map((part, j) =>
    region(
      `${community.code}${String(j + 1).padStart(2, '0')}`,
      `${community.name}第${j + 1}网格`,
      'grid',
      streetCode,
      part.coords,
      part.seed,
    ),
  );
}
