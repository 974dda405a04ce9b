import polygonClipping from 'polygon-clipping';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Position } from './geojson.ts';
import { pointInGeometry } from './point-in-polygon.ts';
import { multiPolygonArea, toGeometry, type MultiPolygonCoords } from './polygon-math.ts';
import { mulberry32 } from './prng.ts';
import { prepareRegion, splitRegion } from './voronoi-split.ts';

const LNG_SCALE = 0.855;

/** A U shape: concave, so Voronoi cells get cut into pieces by the notch. */
const uShape: MultiPolygonCoords = [
  [
    [
      [121, 31],
      [121.1, 31],
      [121.1, 31.1],
      [121.07, 31.1],
      [121.07, 31.01],
      [121.03, 31.01],
      [121.03, 31.1],
      [121, 31.1],
      [121, 31],
    ],
  ],
];

/** A mainland with a hole and a small island. */
const withIsland: MultiPolygonCoords = [
  [
    [
      [121, 31],
      [121.2, 31],
      [121.2, 31.2],
      [121, 31.2],
      [121, 31],
    ],
    [
      [121.09, 31.09],
      [121.09, 31.11],
      [121.11, 31.11],
      [121.11, 31.09],
      [121.09, 31.09],
    ],
  ],
  [
    [
      [121.3, 31.3],
      [121.301, 31.3],
      [121.301, 31.301],
      [121.3, 31.301],
      [121.3, 31.3],
    ],
  ],
];

/** A sliver 2 km long and 2 m wide, on a diagonal, so its bounding box is nearly empty. */
const sliver: MultiPolygonCoords = [
  [
    [
      [121, 31],
      [121.02, 31.02],
      [121.02, 31.02002],
      [121, 31.00002],
      [121, 31],
    ],
  ],
];

function checkTiling(parent: MultiPolygonCoords, count: number, seed: number): void {
  const cells = splitRegion(prepareRegion(parent), count, mulberry32(seed), {
    lngScale: LNG_SCALE,
  });
  expect(cells).toHaveLength(count);
  const parentArea = multiPolygonArea(parent);
  let sum = 0;
  for (const cell of cells) {
    const area = multiPolygonArea(cell.coords);
    expect(area).toBeGreaterThan(0);
    sum += area;
    const [x, y] = cell.seed;
    expect(pointInGeometry(toGeometry(cell.coords), x, y)).toBe(true);
    expect(pointInGeometry(toGeometry(parent), x, y)).toBe(true);
  }
  expect(Math.abs(sum - parentArea) / parentArea).toBeLessThan(1e-9);

  // Every point of the parent is in exactly one cell; none outside it is in any.
  const random = mulberry32(seed + 1);
  const [minX, minY, maxX, maxY] = [121 - 0.01, 31 - 0.01, 121.31, 31.31];
  const parentGeometry = toGeometry(parent);
  const geometries = cells.map((cell) => toGeometry(cell.coords));
  for (let i = 0; i < 3000; i++) {
    const p: Position = [minX + (maxX - minX) * random(), minY + (maxY - minY) * random()];
    const inParent = pointInGeometry(parentGeometry, p[0], p[1]);
    const hits = geometries.filter((g) => pointInGeometry(g, p[0], p[1])).length;
    expect(hits).toBe(inParent ? 1 : 0);
  }
}

describe('splitRegion', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('tiles a concave region exactly, every cell holding its seed', () => {
    checkTiling(uShape, 12, 1);
    checkTiling(uShape, 2, 2);
  });

  it('tiles a region with a hole and an island', () => {
    checkTiling(withIsland, 25, 3);
  });

  it('places seeds in a sliver whose bounding box is nearly empty', () => {
    checkTiling(sliver, 5, 4);
  });

  it('returns a copy of the parent for a single cell', () => {
    const [cell] = splitRegion(prepareRegion(uShape), 1, mulberry32(5), { lngScale: LNG_SCALE });
    expect(cell?.coords).toEqual(uShape);
    expect(cell?.coords).not.toBe(uShape);
  });

  it('hands pieces cut off by the notch to a neighbour, so cells stay in one piece', () => {
    const cells = splitRegion(prepareRegion(uShape), 12, mulberry32(1), { lngScale: LNG_SCALE });
    for (const cell of cells) expect(cell.coords).toHaveLength(1);
  });

  it('is deterministic for a seed', () => {
    const a = splitRegion(prepareRegion(withIsland), 9, mulberry32(7), { lngScale: LNG_SCALE });
    const b = splitRegion(prepareRegion(withIsland), 9, mulberry32(7), { lngScale: LNG_SCALE });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('redraws the split when polygon-clipping fails, deterministically', () => {
    const split = () =>
      splitRegion(prepareRegion(uShape), 12, mulberry32(9), { lngScale: LNG_SCALE });
    const clean = split();
    const failOnce = () => {
      const real = polygonClipping.intersection;
      let failed = false;
      vi.spyOn(polygonClipping, 'intersection').mockImplementation((geom, ...geoms) => {
        if (!failed) {
          failed = true;
          throw new Error('Unable to complete output ring');
        }
        return real(geom, ...geoms);
      });
    };
    failOnce();
    const retried = split();
    vi.restoreAllMocks();
    failOnce();
    const retriedAgain = split();
    expect(retried).toHaveLength(12);
    expect(JSON.stringify(retried)).toBe(JSON.stringify(retriedAgain));
    expect(JSON.stringify(retried)).not.toBe(JSON.stringify(clean));
    const area = retried.reduce((sum, cell) => sum + multiPolygonArea(cell.coords), 0);
    expect(Math.abs(area - multiPolygonArea(uShape)) / multiPolygonArea(uShape)).toBeLessThan(1e-9);
  });

  it('gives up with the cause after repeated failures', () => {
    vi.spyOn(polygonClipping, 'intersection').mockImplementation(() => {
      throw new Error('Unable to complete output ring');
    });
    expect(() =>
      splitRegion(prepareRegion(uShape), 12, mulberry32(9), { lngScale: LNG_SCALE }),
    ).toThrow(/after 8 attempts/);
  });
});
