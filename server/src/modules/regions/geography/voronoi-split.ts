import { Delaunay } from 'd3-delaunay';
import polygonClipping from 'polygon-clipping';
import type { BBox, Position } from './geojson.ts';
import {
  bboxOf,
  cleanMultiPolygon,
  multiPolygonArea,
  ringSignedArea,
  scanlineIntervals,
  type MultiPolygonCoords,
} from './polygon-math.ts';
import { pointInRing } from './point-in-polygon.ts';
import type { Random } from './prng.ts';

/**
 * Splits a region into `count` cells that tile it exactly: a seeded Voronoi diagram of points
 * spread inside the region, every cell clipped to the region's outline.
 *
 * Exactness comes from two facts. Voronoi cells share their vertices bit for bit (d3-delaunay
 * computes each circumcentre once), so cells that lie wholly inside the region are kept as
 * they are; only cells that touch the outline go through polygon-clipping, which keeps the
 * input vertices it does not cut. Every seed lies strictly inside the region and inside its
 * own cell, so no cell can come out empty.
 */

export interface PreparedRegion {
  coords: MultiPolygonCoords;
  bbox: BBox;
  area: number;
  /** Every edge as x0, y0, x1, y1: for inside tests, distances and overlap tests. */
  segments: Float64Array;
}

export interface SplitCell {
  coords: MultiPolygonCoords;
  /** The Voronoi site: strictly inside both the region and the cell. */
  seed: Position;
}

export interface SplitOptions {
  /** Ground metres per degree of longitude over metres per degree of latitude: cos(latitude). */
  lngScale: number;
  /** Best-candidate sampling: candidates drawn per seed; more spreads the seeds more evenly. */
  candidates?: number;
  /** Output rings smaller than this (square degrees) are numerical slivers and are dropped. */
  minRingArea?: number;
}

const DEFAULT_CANDIDATES = 10;
/** ≈ 1e-5 m²: far below anything real, far above the noise of clipping arithmetic. */
const DEFAULT_MIN_RING_AREA = 1e-15;
/** Overlap tests count near-touching as touching, so doubtful cells take the exact path. */
const TOUCH_TOLERANCE = 1e-12;

export function prepareRegion(coords: MultiPolygonCoords): PreparedRegion {
  const values: number[] = [];
  for (const polygon of coords) {
    for (const ring of polygon) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i] as Position;
        const b = ring[i + 1] as Position;
        if (a[0] === b[0] && a[1] === b[1]) continue;
        values.push(a[0], a[1], b[0], b[1]);
      }
    }
  }
  return {
    coords,
    bbox: bboxOf(coords),
    area: multiPolygonArea(coords),
    segments: Float64Array.from(values),
  };
}

/** Even-odd inside test with the same canonical edge rule as point-in-polygon.ts. */
export function insideRegion(region: PreparedRegion, x: number, y: number): boolean {
  const s = region.segments;
  let inside = false;
  for (let i = 0; i < s.length; i += 4) {
    const ay = s[i + 1] as number;
    const by = s[i + 3] as number;
    if (ay === by) continue;
    const lowX = (ay < by ? s[i] : s[i + 2]) as number;
    const highX = (ay < by ? s[i + 2] : s[i]) as number;
    const lowY = ay < by ? ay : by;
    const highY = ay < by ? by : ay;
    if (y >= lowY && y < highY && x < lowX + (y - lowY) * ((highX - lowX) / (highY - lowY))) {
      inside = !inside;
    }
  }
  return inside;
}

/** Whether some edge of the region passes within `margin` of (x, y). */
function nearBoundary(region: PreparedRegion, x: number, y: number, margin: number): boolean {
  const s = region.segments;
  const m2 = margin * margin;
  for (let i = 0; i < s.length; i += 4) {
    const x0 = s[i] as number;
    const y0 = s[i + 1] as number;
    const x1 = s[i + 2] as number;
    const y1 = s[i + 3] as number;
    if (
      x < Math.min(x0, x1) - margin ||
      x > Math.max(x0, x1) + margin ||
      y < Math.min(y0, y1) - margin ||
      y > Math.max(y0, y1) + margin
    ) {
      continue;
    }
    const dx = x1 - x0;
    const dy = y1 - y0;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / len2));
    const ex = x0 + t * dx - x;
    const ey = y0 + t * dy - y;
    if (ex * ex + ey * ey <= m2) return true;
  }
  return false;
}

/**
 * A uniformly random point strictly inside the region, at least `margin` from its outline.
 * Rejection sampling in the bounding box first; a scanline sampler takes over for slivers
 * whose bounding box is mostly empty, so even a long thin region gets its points.
 */
export function samplePointInside(
  region: PreparedRegion,
  random: Random,
  margin: number,
): Position {
  const [minX, minY, maxX, maxY] = region.bbox;
  const w = maxX - minX;
  const h = maxY - minY;
  for (let attempt = 0; attempt < 256; attempt++) {
    const x = minX + w * random();
    const y = minY + h * random();
    if (insideRegion(region, x, y) && !nearBoundary(region, x, y, margin)) return [x, y];
  }
  for (let attempt = 0; attempt < 4096; attempt++) {
    const y = minY + h * random();
    const xs = scanlineIntervals(region.coords, y);
    let total = 0;
    for (let i = 0; i + 1 < xs.length; i += 2) total += (xs[i + 1] as number) - (xs[i] as number);
    if (!(total > 2 * margin)) continue;
    let pick = total * random();
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const x0 = xs[i] as number;
      const x1 = xs[i + 1] as number;
      if (pick > x1 - x0) {
        pick -= x1 - x0;
        continue;
      }
      const x = x0 + pick;
      if (insideRegion(region, x, y) && !nearBoundary(region, x, y, margin)) return [x, y];
      break;
    }
  }
  throw new Error(`cannot place a point inside a region of area ${region.area}`);
}

/**
 * Mitchell's best-candidate sampling: each new seed is the candidate farthest from the seeds
 * placed so far, which spreads seeds evenly (so cells come out with similar areas) without
 * the clumps of plain uniform sampling. Distances are measured on the ground, not in degrees.
 */
function spreadSeeds(
  region: PreparedRegion,
  count: number,
  random: Random,
  lngScale: number,
  candidates: number,
): Position[] {
  const seeds: Position[] = [];
  const margin = Math.min(1e-9, Math.sqrt(Math.max(region.area, 0)) * 1e-4);
  while (seeds.length < count) {
    let best: Position | null = null;
    let bestDistance = -1;
    const tries = seeds.length === 0 ? 1 : candidates;
    for (let c = 0; c < tries; c++) {
      const p = samplePointInside(region, random, margin);
      let nearest = Infinity;
      for (const s of seeds) {
        const dx = (p[0] - s[0]) * lngScale;
        const dy = p[1] - s[1];
        const d = dx * dx + dy * dy;
        if (d < nearest) nearest = d;
      }
      if (nearest > bestDistance) {
        bestDistance = nearest;
        best = p;
      }
    }
    // Coincident seeds would share a cell; draw again (never seen in practice).
    if (best && bestDistance > 0) seeds.push(best);
  }
  return seeds;
}

/** Closed, counter-clockwise ring of a Voronoi cell, back in [lng, lat]. */
function cellRing(points: ArrayLike<ArrayLike<number>>, lngScale: number): Position[] {
  const ring: Position[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as ArrayLike<number>;
    ring.push([(p[0] as number) / lngScale, p[1] as number]);
  }
  if (ringSignedArea(ring) < 0) ring.reverse();
  return ring;
}

/**
 * Whether any edge of the region comes near the convex, counter-clockwise cell, by the
 * separating-axis test with a small tolerance (near misses count as touching, which only
 * sends a cell down the exact clipping path).
 */
function touchesBoundary(cell: readonly Position[], region: PreparedRegion): boolean {
  let cMinX = Infinity;
  let cMinY = Infinity;
  let cMaxX = -Infinity;
  let cMaxY = -Infinity;
  for (const [x, y] of cell) {
    if (x < cMinX) cMinX = x;
    if (x > cMaxX) cMaxX = x;
    if (y < cMinY) cMinY = y;
    if (y > cMaxY) cMaxY = y;
  }
  const tol = TOUCH_TOLERANCE;
  const s = region.segments;
  for (let i = 0; i < s.length; i += 4) {
    const x0 = s[i] as number;
    const y0 = s[i + 1] as number;
    const x1 = s[i + 2] as number;
    const y1 = s[i + 3] as number;
    if (
      Math.max(x0, x1) < cMinX - tol ||
      Math.min(x0, x1) > cMaxX + tol ||
      Math.max(y0, y1) < cMinY - tol ||
      Math.min(y0, y1) > cMaxY + tol
    ) {
      continue;
    }
    if (!separated(cell, x0, y0, x1, y1, tol)) return true;
  }
  return false;
}

function separated(
  cell: readonly Position[],
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  tol: number,
): boolean {
  // Axes from the cell's edges: the segment lies wholly outside one edge.
  for (let i = 0; i + 1 < cell.length; i++) {
    const [ax, ay] = cell[i] as Position;
    const [bx, by] = cell[i + 1] as Position;
    const ex = bx - ax;
    const ey = by - ay;
    const limit = -tol * Math.hypot(ex, ey);
    if (ex * (y0 - ay) - ey * (x0 - ax) < limit && ex * (y1 - ay) - ey * (x1 - ax) < limit) {
      return true;
    }
  }
  // Axis from the segment: every cell vertex lies on one side of its line.
  const sx = x1 - x0;
  const sy = y1 - y0;
  const limit = tol * Math.hypot(sx, sy);
  let left = true;
  let right = true;
  for (const [px, py] of cell) {
    const side = sx * (py - y0) - sy * (px - x0);
    if (side <= limit) left = false;
    if (side >= -limit) right = false;
  }
  return left || right;
}

/** Attempts per split before giving up; one retry has always been enough in practice. */
const MAX_ATTEMPTS = 8;

/**
 * Splits the region into `count` cells; cell i belongs to seed i (seeds in draw order).
 *
 * polygon-clipping occasionally fails on near-degenerate input ("Unable to complete output
 * ring", about one build seed in twenty), typically when a Voronoi vertex falls a hair from
 * the outline. The split is then redrawn with the next numbers of the same random stream:
 * new seeds avoid the configuration, and the output stays a pure function of the seed.
 */
export function splitRegion(
  region: PreparedRegion,
  count: number,
  random: Random,
  options: SplitOptions,
): SplitCell[] {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`cannot split into ${count} cells`);
  for (let attempt = 1; ; attempt++) {
    try {
      return splitOnce(region, count, random, options);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS) {
        throw new Error(`cannot split a region into ${count} cells after ${attempt} attempts`, {
          cause: error,
        });
      }
    }
  }
}

function splitOnce(
  region: PreparedRegion,
  count: number,
  random: Random,
  options: SplitOptions,
): SplitCell[] {
  const { lngScale } = options;
  const minRingArea = options.minRingArea ?? DEFAULT_MIN_RING_AREA;
  const seeds = spreadSeeds(
    region,
    count,
    random,
    lngScale,
    options.candidates ?? DEFAULT_CANDIDATES,
  );
  if (count === 1) {
    // One child is its parent's twin: copy the outline, do not alias it.
    const coords = region.coords.map((polygon) =>
      polygon.map((ring) => ring.map(([x, y]): Position => [x, y])),
    );
    return [{ coords, seed: seeds[0] as Position }];
  }

  const projected = new Float64Array(count * 2);
  seeds.forEach(([x, y], i) => {
    projected[2 * i] = x * lngScale;
    projected[2 * i + 1] = y;
  });
  const [minX, minY, maxX, maxY] = region.bbox;
  // A margin around the region, so d3's own clipping to the bounds never cuts inside it.
  const pad = Math.max((maxX - minX) * lngScale, maxY - minY) * 0.05 + 1e-9;
  const voronoi = new Delaunay(projected).voronoi([
    minX * lngScale - pad,
    minY - pad,
    maxX * lngScale + pad,
    maxY + pad,
  ]);

  const cells = seeds.map((seed, i): SplitCell => {
    const polygon = voronoi.cellPolygon(i);
    if (!polygon) throw new Error(`Voronoi cell ${i} is empty`);
    const ring = cellRing(polygon, lngScale);
    const clipped = touchesBoundary(ring, region)
      ? polygonClipping.intersection([ring], region.coords)
      : [[ring]];
    const coords = cleanMultiPolygon(clipped, minRingArea);
    if (coords.length === 0) throw new Error(`clipped Voronoi cell ${i} is empty`);
    return { coords, seed };
  });
  return absorbFragments(
    cells,
    region,
    (x, y, from) => voronoi.delaunay.find(x * lngScale, y, from),
    minRingArea,
  );
}

/** Index of the part that holds the seed (the cell's main part). */
function mainPartOf(cell: SplitCell): number {
  const [x, y] = cell.seed;
  return cell.coords.findIndex((polygon) => {
    let inside = false;
    for (const ring of polygon) if (pointInRing(ring, x, y)) inside = !inside;
    return inside;
  });
}

/**
 * Where a concave outline (a bay, a river mouth) cuts a Voronoi cell, the cell keeps pieces
 * that are cut off from its seed: a grid in two places. Each such fragment is handed to the
 * neighbouring cell whose main part it borders along the longest stretch; fragments that
 * border no neighbour's main part (islands, pieces between two fragments) stay where they
 * are. Territory only moves between cells, so the tiling stays exact.
 */
function absorbFragments(
  cells: SplitCell[],
  region: PreparedRegion,
  nearestSeed: (x: number, y: number, hint: number) => number,
  minRingArea: number,
): SplitCell[] {
  const mains = cells.map(mainPartOf);
  const incoming: MultiPolygonCoords[] = cells.map(() => []);
  const kept: MultiPolygonCoords[] = cells.map((cell) => cell.coords);
  let moved = false;
  cells.forEach((cell, i) => {
    // A cell whose seed no part holds (clipping noise) keeps everything: never empty a cell.
    if (cell.coords.length < 2 || (mains[i] as number) < 0) return;
    const stay: MultiPolygonCoords = [];
    cell.coords.forEach((part, p) => {
      const target =
        p === mains[i] ? -1 : borderingMainPart(part, i, cells, mains, region, nearestSeed);
      if (target < 0) stay.push(part);
      else {
        (incoming[target] as MultiPolygonCoords).push(part);
        moved = true;
      }
    });
    kept[i] = stay;
  });
  if (!moved) return cells;
  return cells.map((cell, i) => {
    const extra = incoming[i] as MultiPolygonCoords;
    const own = kept[i] as MultiPolygonCoords;
    if (extra.length === 0) return own === cell.coords ? cell : { coords: own, seed: cell.seed };
    const merged = cleanMultiPolygon(polygonClipping.union(own, ...extra), minRingArea);
    return { coords: merged, seed: cell.seed };
  });
}

function borderingMainPart(
  part: Position[][],
  self: number,
  cells: SplitCell[],
  mains: number[],
  region: PreparedRegion,
  nearestSeed: (x: number, y: number, hint: number) => number,
): number {
  const votes = new Map<number, number>();
  const exterior = part[0] ?? [];
  for (let k = 0; k + 1 < exterior.length; k++) {
    const [ax, ay] = exterior[k] as Position;
    const [bx, by] = exterior[k + 1] as Position;
    const length = Math.hypot(bx - ax, by - ay);
    if (!(length > 0)) continue;
    // Step just outside the edge (exteriors are counter-clockwise: outside is to the right).
    const step = Math.max(length * 1e-6, 1e-11);
    const x = (ax + bx) / 2 + ((by - ay) / length) * step;
    const y = (ay + by) / 2 - ((bx - ax) / length) * step;
    const owner = nearestSeed(x, y, self);
    if (owner === self || !insideRegion(region, x, y)) continue;
    const main = (cells[owner] as SplitCell).coords[mains[owner] as number];
    if (!main) continue;
    let inside = false;
    for (const ring of main) if (pointInRing(ring, x, y)) inside = !inside;
    if (inside) votes.set(owner, (votes.get(owner) ?? 0) + length);
  }
  let best = -1;
  let bestLength = 0;
  for (const [owner, length] of votes) {
    if (length > bestLength || (length === bestLength && owner < best)) {
      best = owner;
      bestLength = length;
    }
  }
  return best;
}
