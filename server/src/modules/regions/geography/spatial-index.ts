import type { PolygonalGeometry, Position } from './geojson.ts';
import {
  appendPackedEdges,
  EDGE_STRIDE,
  forEachRing,
  pointInGeometry,
  pointInPackedEdges,
} from './point-in-polygon.ts';

/**
 * Point → region lookup for one level of non-overlapping regions (the grids), for the case
 * intake and device placement paths that locate every report and every sensor.
 *
 * A uniform grid of buckets covers the regions' bounding box. At build time each bucket
 * learns which regions' outlines pass through it; a bucket that no outline crosses but that
 * lies inside a region answers directly, with no geometry at all. For the other buckets each
 * candidate region keeps only the edges that can cross a horizontal ray in the bucket's row,
 * so the exact even-odd test usually reads two to four edges. Everything lives in typed
 * arrays and `locate` allocates nothing.
 *
 * A uniform grid beats an R-tree (flatbush) here: regions of one level are similar in size
 * and tile the city, so one bucket holds few candidates and finding it is one multiply.
 */

export interface IndexedRegion {
  id: string;
  geometry: PolygonalGeometry;
}

export interface SpatialIndexOptions {
  /** Buckets per region; more buckets means more direct answers and more memory. */
  bucketsPerRegion?: number;
  /** Upper bound on the number of buckets. */
  maxBuckets?: number;
}

const DEFAULT_BUCKETS_PER_REGION = 32;
const DEFAULT_MAX_BUCKETS = 1 << 22;
/** Sample points per bucket side used to put the likeliest candidate first. */
const ORDER_SAMPLES = 4;

export class RegionSpatialIndex {
  // Copied out of IndexParts into plain fields: `locate` reads them on every call.
  private readonly ids: readonly string[];
  private readonly minX: number;
  private readonly minY: number;
  private readonly invCellW: number;
  private readonly invCellH: number;
  private readonly cols: number;
  private readonly rows: number;
  /** Per bucket: the region that covers the whole bucket, or -1. */
  private readonly direct: Int32Array;
  /** Per bucket: its candidates are [bucketStart[b], bucketStart[b + 1]). */
  private readonly bucketStart: Int32Array;
  private readonly candidateRegion: Int32Array;
  /** Per candidate: its region's edges in the bucket's row, [start, end) in `edges`. */
  private readonly candidateEdgeStart: Int32Array;
  private readonly candidateEdgeEnd: Int32Array;
  private readonly edges: Float64Array;

  private constructor(parts: IndexParts) {
    this.ids = parts.ids;
    this.minX = parts.minX;
    this.minY = parts.minY;
    this.invCellW = parts.invCellW;
    this.invCellH = parts.invCellH;
    this.cols = parts.cols;
    this.rows = parts.rows;
    this.direct = parts.direct;
    this.bucketStart = parts.bucketStart;
    this.candidateRegion = parts.candidateRegion;
    this.candidateEdgeStart = parts.candidateEdgeStart;
    this.candidateEdgeEnd = parts.candidateEdgeEnd;
    this.edges = parts.edges;
  }

  /** Builds the index. Regions must not overlap (one level of the hierarchy). */
  static build(
    regions: readonly IndexedRegion[],
    options: SpatialIndexOptions = {},
  ): RegionSpatialIndex {
    return new RegionSpatialIndex(buildIndexParts(regions, options));
  }

  /** The id of the region containing the point, or undefined outside every region. */
  locate(lng: number, lat: number): string | undefined {
    const fx = (lng - this.minX) * this.invCellW;
    const fy = (lat - this.minY) * this.invCellH;
    // Also rejects NaN.
    if (!(fx >= 0 && fx < this.cols && fy >= 0 && fy < this.rows)) return undefined;
    const bucket = (fy | 0) * this.cols + (fx | 0);
    const direct = this.direct[bucket] as number;
    if (direct >= 0) return this.ids[direct];
    const end = this.bucketStart[bucket + 1] as number;
    for (let k = this.bucketStart[bucket] as number; k < end; k++) {
      const start = this.candidateEdgeStart[k] as number;
      const stop = this.candidateEdgeEnd[k] as number;
      if (pointInPackedEdges(this.edges, start, stop, lng, lat)) {
        return this.ids[this.candidateRegion[k] as number];
      }
    }
    return undefined;
  }

  /** Number of indexed regions. */
  get size(): number {
    return this.ids.length;
  }

  /** Shape of the bucket grid, for benchmarks and tuning. */
  get stats(): {
    cols: number;
    rows: number;
    directBuckets: number;
    candidates: number;
    edges: number;
  } {
    let directBuckets = 0;
    for (const d of this.direct) if (d >= 0) directBuckets++;
    return {
      cols: this.cols,
      rows: this.rows,
      directBuckets,
      candidates: this.candidateRegion.length,
      edges: this.edges.length / EDGE_STRIDE,
    };
  }
}

/** The slow reference: test every region's polygons in turn, no bounding-box prefilter. */
export function bruteForceLocate(
  regions: readonly IndexedRegion[],
  lng: number,
  lat: number,
): string | undefined {
  for (const region of regions) {
    if (pointInGeometry(region.geometry, lng, lat)) return region.id;
  }
  return undefined;
}

interface IndexParts {
  ids: string[];
  minX: number;
  minY: number;
  invCellW: number;
  invCellH: number;
  cols: number;
  rows: number;
  direct: Int32Array;
  bucketStart: Int32Array;
  candidateRegion: Int32Array;
  candidateEdgeStart: Int32Array;
  candidateEdgeEnd: Int32Array;
  edges: Float64Array;
}

/** A growable Int32 list, so that building does not box millions of numbers. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

class FloatList {
  data = new Float64Array(4096);
  length = 0;
  push4(a: number, b: number, c: number, d: number): void {
    if (this.length + 4 > this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = a;
    this.data[this.length++] = b;
    this.data[this.length++] = c;
    this.data[this.length++] = d;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

function buildIndexParts(
  regions: readonly IndexedRegion[],
  options: SpatialIndexOptions,
): IndexParts {
  const n = regions.length;
  const ids = regions.map((r) => r.id);
  const packed: Float64Array[] = [];
  const boxes = new Float64Array(n * 4);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  regions.forEach((region, r) => {
    const list: number[] = [];
    appendPackedEdges(region.geometry, list);
    packed.push(Float64Array.from(list));
    let bx0 = Infinity;
    let by0 = Infinity;
    let bx1 = -Infinity;
    let by1 = -Infinity;
    forEachRing(region.geometry, (ring) => {
      for (const [x, y] of ring) {
        if (x < bx0) bx0 = x;
        if (x > bx1) bx1 = x;
        if (y < by0) by0 = y;
        if (y > by1) by1 = y;
      }
    });
    boxes.set([bx0, by0, bx1, by1], r * 4);
    if (bx0 < minX) minX = bx0;
    if (by0 < minY) minY = by0;
    if (bx1 > maxX) maxX = bx1;
    if (by1 > maxY) maxY = by1;
  });
  if (n === 0 || !(maxX >= minX && maxY >= minY)) {
    return {
      ids,
      minX: 0,
      minY: 0,
      invCellW: 0,
      invCellH: 0,
      cols: 0,
      rows: 0,
      direct: new Int32Array(0),
      bucketStart: new Int32Array(1),
      candidateRegion: new Int32Array(0),
      candidateEdgeStart: new Int32Array(0),
      candidateEdgeEnd: new Int32Array(0),
      edges: new Float64Array(0),
    };
  }

  // Square-ish buckets in degrees; the count follows the number of regions.
  const width = Math.max(maxX - minX, 1e-9);
  const height = Math.max(maxY - minY, 1e-9);
  const target = Math.min(
    options.maxBuckets ?? DEFAULT_MAX_BUCKETS,
    Math.max(1, n * (options.bucketsPerRegion ?? DEFAULT_BUCKETS_PER_REGION)),
  );
  const side = Math.sqrt((width * height) / target);
  const cols = Math.max(1, Math.min(Math.ceil(width / side), 1 << 15));
  const rows = Math.max(1, Math.min(Math.ceil(height / side), 1 << 15));
  const cellW = width / cols;
  const cellH = height / rows;
  const invCellW = 1 / cellW;
  const invCellH = 1 / cellH;
  // The same expressions as in locate(), so build and lookup agree on every bucket edge.
  const colOf = (x: number) => Math.min(cols - 1, Math.max(0, Math.floor((x - minX) * invCellW)));
  const rowOf = (y: number) => Math.min(rows - 1, Math.max(0, Math.floor((y - minY) * invCellH)));
  // Near-touching counts as touching: such buckets take the exact path, never a wrong shortcut.
  const tolX = cellW * 1e-7;
  const tolY = cellH * 1e-7;

  const candBucket = new IntList();
  const candRegion = new IntList();
  const candEdgeStart = new IntList();
  const candEdgeEnd = new IntList();
  const edges = new FloatList();
  const directOf = new Int32Array(cols * rows).fill(-1);
  // The direct region's row edges, in case the bucket turns out to need candidates after all.
  const directEdgeStart = new Int32Array(cols * rows);
  const directEdgeEnd = new Int32Array(cols * rows);
  let touched = new Uint8Array(1024);
  const rowStart: number[] = [];
  const rowEnd: number[] = [];

  for (let r = 0; r < n; r++) {
    const geometry = (regions[r] as IndexedRegion).geometry;
    const regionEdges = packed[r] as Float64Array;
    const c0 = colOf((boxes[r * 4] as number) - tolX);
    const r0 = rowOf((boxes[r * 4 + 1] as number) - tolY);
    const c1 = colOf((boxes[r * 4 + 2] as number) + tolX);
    const r1 = rowOf((boxes[r * 4 + 3] as number) + tolY);
    const w = c1 - c0 + 1;
    const h = r1 - r0 + 1;
    if (touched.length < w * h) touched = new Uint8Array(w * h * 2);
    touched.fill(0, 0, w * h);

    // Mark the buckets every edge passes through (horizontal edges included).
    forEachRing(geometry, (ring) => {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = ring[i] as Position;
        const [bx, by] = ring[i + 1] as Position;
        const lowY = Math.min(ay, by);
        const highY = Math.max(ay, by);
        const rowA = Math.max(r0, rowOf(lowY - tolY));
        const rowB = Math.min(r1, rowOf(highY + tolY));
        for (let row = rowA; row <= rowB; row++) {
          const band0 = Math.max(lowY, minY + row * cellH - tolY);
          const band1 = Math.min(highY, minY + (row + 1) * cellH + tolY);
          let xa: number;
          let xb: number;
          if (ay === by) {
            xa = ax;
            xb = bx;
          } else {
            const slope = (bx - ax) / (by - ay);
            xa = ax + (band0 - ay) * slope;
            xb = ax + (band1 - ay) * slope;
          }
          const colA = Math.max(c0, colOf(Math.min(xa, xb) - tolX));
          const colB = Math.min(c1, colOf(Math.max(xa, xb) + tolX));
          for (let col = colA; col <= colB; col++) touched[(row - r0) * w + (col - c0)] = 1;
        }
      }
    });

    // Per row: the edges that a horizontal ray from a point in this row can cross.
    rowStart.length = 0;
    rowEnd.length = 0;
    for (let row = r0; row <= r1; row++) {
      const band0 = minY + row * cellH - tolY;
      const band1 = minY + (row + 1) * cellH + tolY;
      rowStart.push(edges.length);
      for (let e = 0; e < regionEdges.length; e += EDGE_STRIDE) {
        const lowY = regionEdges[e] as number;
        const highY = regionEdges[e + 1] as number;
        if (highY < band0 || lowY > band1) continue;
        edges.push4(lowY, highY, regionEdges[e + 2] as number, regionEdges[e + 3] as number);
      }
      rowEnd.push(edges.length);
    }

    for (let row = r0; row <= r1; row++) {
      const cy = minY + (row + 0.5) * cellH;
      for (let col = c0; col <= c1; col++) {
        const bucket = row * cols + col;
        const start = rowStart[row - r0] as number;
        const stop = rowEnd[row - r0] as number;
        if (touched[(row - r0) * w + (col - c0)]) {
          candBucket.push(bucket);
          candRegion.push(r);
          candEdgeStart.push(start);
          candEdgeEnd.push(stop);
        } else if (
          pointInPackedEdges(regionEdges, 0, regionEdges.length, minX + (col + 0.5) * cellW, cy)
        ) {
          // No outline crosses this bucket and its centre is inside: the whole bucket is.
          if ((directOf[bucket] as number) < 0) {
            directOf[bucket] = r;
            directEdgeStart[bucket] = start;
            directEdgeEnd[bucket] = stop;
          } else {
            // Overlapping input: keep both as ordinary candidates.
            candBucket.push(bucket);
            candRegion.push(r);
            candEdgeStart.push(start);
            candEdgeEnd.push(stop);
          }
        }
      }
    }
  }
  const edgeArray = edges.toArray();

  // A bucket with both a direct region and outline candidates only arises from overlapping
  // input; the direct region then becomes one more candidate and the first hit wins.
  const bucketCount = cols * rows;
  const bucketStart = new Int32Array(bucketCount + 1);
  const hasCandidates = new Uint8Array(bucketCount);
  for (let k = 0; k < candBucket.length; k++) hasCandidates[candBucket.data[k] as number] = 1;
  for (let b = 0; b < bucketCount; b++) {
    if (hasCandidates[b] && (directOf[b] as number) >= 0) {
      candBucket.push(b);
      candRegion.push(directOf[b] as number);
      candEdgeStart.push(directEdgeStart[b] as number);
      candEdgeEnd.push(directEdgeEnd[b] as number);
      directOf[b] = -1;
    }
  }
  const total = candBucket.length;
  for (let k = 0; k < total; k++) {
    const b = candBucket.data[k] as number;
    bucketStart[b + 1] = (bucketStart[b + 1] as number) + 1;
  }
  for (let b = 0; b < bucketCount; b++) {
    bucketStart[b + 1] = (bucketStart[b + 1] as number) + (bucketStart[b] as number);
  }
  const fill = bucketStart.slice(0, bucketCount);
  const candidateRegion = new Int32Array(total);
  const candidateEdgeStart = new Int32Array(total);
  const candidateEdgeEnd = new Int32Array(total);
  for (let k = 0; k < total; k++) {
    const b = candBucket.data[k] as number;
    const slot = fill[b] as number;
    fill[b] = slot + 1;
    candidateRegion[slot] = candRegion.data[k] as number;
    candidateEdgeStart[slot] = candEdgeStart.data[k] as number;
    candidateEdgeEnd[slot] = candEdgeEnd.data[k] as number;
  }

  // Put the candidate covering most of each bucket first: most lookups then stop at the
  // first exact test. Coverage is estimated on a small lattice of points in the bucket.
  const hits: number[] = [];
  const order: number[] = [];
  for (let b = 0; b < bucketCount; b++) {
    const from = bucketStart[b] as number;
    const to = bucketStart[b + 1] as number;
    if (to - from < 2) continue;
    const row = Math.floor(b / cols);
    const col = b - row * cols;
    hits.length = 0;
    order.length = 0;
    for (let k = from; k < to; k++) {
      let count = 0;
      for (let sy = 0; sy < ORDER_SAMPLES; sy++) {
        const y = minY + (row + (sy + 0.5) / ORDER_SAMPLES) * cellH;
        for (let sx = 0; sx < ORDER_SAMPLES; sx++) {
          const x = minX + (col + (sx + 0.5) / ORDER_SAMPLES) * cellW;
          const start = candidateEdgeStart[k] as number;
          const stop = candidateEdgeEnd[k] as number;
          if (pointInPackedEdges(edgeArray, start, stop, x, y)) count++;
        }
      }
      hits.push(count);
      order.push(k);
    }
    order.sort((p, q) => (hits[q - from] as number) - (hits[p - from] as number) || p - q);
    const regionsInOrder = order.map((k) => candidateRegion[k] as number);
    const startsInOrder = order.map((k) => candidateEdgeStart[k] as number);
    const endsInOrder = order.map((k) => candidateEdgeEnd[k] as number);
    candidateRegion.set(regionsInOrder, from);
    candidateEdgeStart.set(startsInOrder, from);
    candidateEdgeEnd.set(endsInOrder, from);
  }

  return {
    ids,
    minX,
    minY,
    invCellW,
    invCellH,
    cols,
    rows,
    direct: directOf,
    bucketStart,
    candidateRegion,
    candidateEdgeStart,
    candidateEdgeEnd,
    edges: edgeArray,
  };
}
