import type { Position, PolygonalGeometry } from './geojson.ts';

/**
 * Point-in-polygon by even-odd ray casting (a ray from the point towards +x).
 *
 * Every edge is evaluated with its endpoints in a canonical order (lower latitude first) and
 * with the same arithmetic in the GeoJSON walk and in the packed form below. Two regions that
 * share an edge therefore make the same decision for a point lying on it, and such a point
 * belongs to exactly one of them (the region to its east, or to its north on a horizontal
 * edge), which is what "a point is in exactly one grid" needs on real, quantised input.
 * Holes and multi-part geometries need no special case under the even-odd rule.
 */

/** Doubles per packed edge: yLow, yHigh, x at yLow, dx/dy. */
export const EDGE_STRIDE = 4;

function crossesRing(ring: readonly Position[], x: number, y: number): boolean {
  let inside = false;
  const n = ring.length;
  if (n < 2) return false;
  let prev = ring[n - 1] as Position;
  let prevAbove = prev[1] > y;
  for (let i = 0; i < n; i++) {
    const cur = ring[i] as Position;
    const curAbove = cur[1] > y;
    // Same as yLow <= y < yHigh for the canonically ordered edge; rejects most edges cheaply.
    if (curAbove !== prevAbove) {
      const low = curAbove ? prev : cur;
      const high = curAbove ? cur : prev;
      const slope = (high[0] - low[0]) / (high[1] - low[1]);
      if (x < low[0] + (y - low[1]) * slope) inside = !inside;
    }
    prev = cur;
    prevAbove = curAbove;
  }
  return inside;
}

/** Whether (x, y) lies inside a ring (closed or not). */
export function pointInRing(ring: readonly Position[], x: number, y: number): boolean {
  return crossesRing(ring, x, y);
}

/** Whether (lng, lat) lies inside a Polygon or MultiPolygon, holes excluded. */
export function pointInGeometry(geometry: PolygonalGeometry, lng: number, lat: number): boolean {
  let inside = false;
  if (geometry.type === 'Polygon') {
    for (const ring of geometry.coordinates) if (crossesRing(ring, lng, lat)) inside = !inside;
  } else {
    for (const polygon of geometry.coordinates) {
      for (const ring of polygon) if (crossesRing(ring, lng, lat)) inside = !inside;
    }
  }
  return inside;
}

/** Calls `visit` for every ring of a geometry. */
export function forEachRing(
  geometry: PolygonalGeometry,
  visit: (ring: readonly Position[]) => void,
): void {
  if (geometry.type === 'Polygon') {
    for (const ring of geometry.coordinates) visit(ring);
  } else {
    for (const polygon of geometry.coordinates) for (const ring of polygon) visit(ring);
  }
}

/**
 * Appends a geometry's non-horizontal edges to `out` in packed form (EDGE_STRIDE doubles
 * each). Horizontal edges never change the even-odd count, so they are left out, and the
 * slope is computed once here instead of on every lookup.
 */
export function appendPackedEdges(geometry: PolygonalGeometry, out: number[]): void {
  forEachRing(geometry, (ring) => {
    const n = ring.length;
    if (n < 2) return;
    let prev = ring[n - 1] as Position;
    for (let i = 0; i < n; i++) {
      const cur = ring[i] as Position;
      if (prev[1] !== cur[1]) {
        const low = prev[1] < cur[1] ? prev : cur;
        const high = prev[1] < cur[1] ? cur : prev;
        out.push(low[1], high[1], low[0], (high[0] - low[0]) / (high[1] - low[1]));
      }
      prev = cur;
    }
  });
}

/** Packs a geometry's edges into a Float64Array (see appendPackedEdges). */
export function packEdges(geometry: PolygonalGeometry): Float64Array {
  const out: number[] = [];
  appendPackedEdges(geometry, out);
  return Float64Array.from(out);
}

/**
 * Even-odd test over packed edges [start, end) (indices into `edges`, multiples of
 * EDGE_STRIDE). Allocation-free: this is the inner loop of every point → grid lookup.
 */
export function pointInPackedEdges(
  edges: Float64Array,
  start: number,
  end: number,
  x: number,
  y: number,
): boolean {
  let inside = false;
  for (let i = start; i < end; i += EDGE_STRIDE) {
    const y0 = edges[i] as number;
    if (y >= y0 && y < (edges[i + 1] as number)) {
      if (x < (edges[i + 2] as number) + (y - y0) * (edges[i + 3] as number)) inside = !inside;
    }
  }
  return inside;
}
