import type {
  BBox,
  LinearRing,
  Polygon,
  MultiPolygon,
  Position,
  PolygonalGeometry,
} from './geojson.ts';

/**
 * Planar measures on [lng, lat] coordinates. The demo city only needs relative areas (a street
 * versus its grids) and points that are guaranteed to lie inside a shape, so degrees are fine.
 * Coordinates are offset by a reference vertex before multiplying: shoelace sums on raw
 * values around 121° would lose about eight digits to cancellation.
 */

/** Polygon-clipping's coordinate form: parts → rings → positions. */
export type MultiPolygonCoords = Position[][][];

/** Two vertices closer than this (≈ 10 µm on the ground) are treated as one. */
export const VERTEX_EPSILON = 1e-10;

export function ringSignedArea(ring: readonly Position[]): number {
  const n = ring.length;
  const first = ring[0];
  if (n < 3 || !first) return 0;
  const [rx, ry] = first;
  let sum = 0;
  let prev = first;
  for (let i = 1; i < n; i++) {
    const cur = ring[i] as Position;
    sum += (prev[0] - rx) * (cur[1] - ry) - (cur[0] - rx) * (prev[1] - ry);
    prev = cur;
  }
  // Closing edge (zero when the ring is closed).
  sum += (prev[0] - rx) * (first[1] - ry) - (first[0] - rx) * (prev[1] - ry);
  return sum / 2;
}

/** Area of parts minus holes, in square degrees. */
export function multiPolygonArea(coords: MultiPolygonCoords): number {
  let area = 0;
  for (const polygon of coords) {
    polygon.forEach((ring, r) => {
      const a = Math.abs(ringSignedArea(ring));
      area += r === 0 ? a : -a;
    });
  }
  return area;
}

export function toMultiPolygonCoords(geometry: PolygonalGeometry): MultiPolygonCoords {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** A Polygon when there is one part, else a MultiPolygon. */
export function toGeometry(coords: MultiPolygonCoords): Polygon | MultiPolygon {
  const only = coords.length === 1 ? coords[0] : undefined;
  return only
    ? { type: 'Polygon', coordinates: only }
    : { type: 'MultiPolygon', coordinates: coords };
}

export function geometryArea(geometry: PolygonalGeometry): number {
  return multiPolygonArea(toMultiPolygonCoords(geometry));
}

export function bboxOf(coords: MultiPolygonCoords): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of coords) {
    // Holes lie inside their exterior ring: the exterior alone bounds the part.
    const ring = polygon[0] ?? [];
    for (const [x, y] of ring) {
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** Area-weighted centroid, or null for a shape without area. */
export function areaCentroid(coords: MultiPolygonCoords): Position | null {
  const ref = coords[0]?.[0]?.[0];
  if (!ref) return null;
  const [rx, ry] = ref;
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (const polygon of coords) {
    polygon.forEach((ring, r) => {
      // Orient every ring's contribution by its role, whatever its winding.
      const sign = Math.sign(ringSignedArea(ring)) * (r === 0 ? 1 : -1);
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = ring[i] as Position;
        const [bx, by] = ring[i + 1] as Position;
        const x0 = ax - rx;
        const y0 = ay - ry;
        const x1 = bx - rx;
        const y1 = by - ry;
        const cross = (x0 * y1 - x1 * y0) * sign;
        area += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
      }
    });
  }
  if (area === 0) return null;
  return [rx + cx / (3 * area), ry + cy / (3 * area)];
}

/**
 * Inside intervals of a horizontal line at `y`, as a sorted list of x pairs
 * [x0, x1, x2, x3, …]. Uses the same half-open rule as point-in-polygon.
 */
export function scanlineIntervals(coords: MultiPolygonCoords, y: number): number[] {
  const xs: number[] = [];
  for (const polygon of coords) {
    for (const ring of polygon) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i] as Position;
        const b = ring[i + 1] as Position;
        if (a[1] === b[1]) continue;
        const low = a[1] < b[1] ? a : b;
        const high = a[1] < b[1] ? b : a;
        if (y >= low[1] && y < high[1]) {
          xs.push(low[0] + (y - low[1]) * ((high[0] - low[0]) / (high[1] - low[1])));
        }
      }
    }
  }
  return xs.sort((p, q) => p - q);
}

/**
 * A point guaranteed to lie inside the shape (when it has area): the middle of the widest
 * inside interval over a few horizontal scanlines. Used when the area centroid falls outside
 * a concave or multi-part region, where a map label or a "go here" pin must still land on it.
 */
export function pointOnSurface(coords: MultiPolygonCoords, preferY?: number): Position | null {
  const [, minY, , maxY] = bboxOf(coords);
  if (!(maxY > minY)) return null;
  const ys: number[] = [];
  if (preferY !== undefined && preferY > minY && preferY < maxY) ys.push(preferY);
  for (const f of [0.5, 0.3, 0.7, 0.15, 0.85, 0.41, 0.59]) ys.push(minY + (maxY - minY) * f);
  let best: Position | null = null;
  let bestWidth = 0;
  for (const y of ys) {
    const xs = scanlineIntervals(coords, y);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const x0 = xs[i] as number;
      const x1 = xs[i + 1] as number;
      if (x1 - x0 > bestWidth) {
        bestWidth = x1 - x0;
        best = [(x0 + x1) / 2, y];
      }
    }
  }
  return best;
}

function cleanRing(ring: readonly Position[]): LinearRing | null {
  const out: LinearRing = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (
      last &&
      Math.abs(p[0] - last[0]) <= VERTEX_EPSILON &&
      Math.abs(p[1] - last[1]) <= VERTEX_EPSILON
    ) {
      continue;
    }
    out.push([p[0], p[1]]);
  }
  // Drop a closing vertex that the loop kept or that nearly repeats the first one, then close.
  while (out.length > 1) {
    const first = out[0] as Position;
    const last = out[out.length - 1] as Position;
    if (
      Math.abs(first[0] - last[0]) <= VERTEX_EPSILON &&
      Math.abs(first[1] - last[1]) <= VERTEX_EPSILON
    ) {
      out.pop();
    } else break;
  }
  if (out.length < 3) return null;
  const first = out[0] as Position;
  out.push([first[0], first[1]]);
  return out;
}

/**
 * Normalises clipping output: collapses near-duplicate vertices, drops rings whose area is
 * below `minRingArea` (numerical slivers, not land), and orients rings as RFC 7946 asks
 * (exteriors counter-clockwise, holes clockwise). A part whose exterior is dropped is
 * dropped with its holes.
 */
export function cleanMultiPolygon(
  coords: MultiPolygonCoords,
  minRingArea: number,
): MultiPolygonCoords {
  const out: MultiPolygonCoords = [];
  for (const polygon of coords) {
    const rings: LinearRing[] = [];
    for (const [r, ring] of polygon.entries()) {
      const clean = cleanRing(ring);
      const area = clean ? ringSignedArea(clean) : 0;
      if (!clean || Math.abs(area) < minRingArea) {
        if (r === 0) break;
        continue;
      }
      const wantPositive = r === 0;
      if (area > 0 !== wantPositive) clean.reverse();
      rings.push(clean);
    }
    if (rings.length > 0) out.push(rings);
  }
  return out;
}
