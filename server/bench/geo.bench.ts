/**
 * Point → grid lookup benchmark (target: ≥ 1,000,000 lookups/s over ≥ 5,000 grids on one core).
 *
 *   npx tsx bench/geo.bench.ts [--scale k] [--lookups N] [--brute N] [--rounds N] [--seed N]
 *
 * --scale is gridsPerCommunity (1 → 6,509 grids, 10 → 65,090). Lookups run on the main thread
 * only, so the figure is per core. The same run measures the brute-force scan (every polygon,
 * no prefilter) on a smaller sample: the ratio between the two holds on a noisy machine.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import Flatbush from 'flatbush';
import {
  buildDemoGeography,
  type GeoRegion,
} from '../src/modules/regions/geography/demo-geography.ts';
import {
  packEdges,
  pointInPackedEdges,
} from '../src/modules/regions/geography/point-in-polygon.ts';
import { mulberry32 } from '../src/modules/regions/geography/prng.ts';
import {
  bruteForceLocate,
  RegionSpatialIndex,
} from '../src/modules/regions/geography/spatial-index.ts';

const TARGET_PER_SECOND = 1_000_000;

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    lookups: { type: 'string', default: '2000000' },
    brute: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '7' },
    seed: { type: 'string', default: '1' },
  },
});

function positiveInt(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer`);
  return value;
}

const scale = positiveInt('scale', values.scale);
const lookups = positiveInt('lookups', values.lookups);
const bruteSample = Math.min(positiveInt('brute', values.brute), lookups);
const rounds = positiveInt('rounds', values.rounds);
const seed = positiveInt('seed', values.seed);

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

console.log(
  `machine   ${os.cpus()[0]?.model ?? 'unknown cpu'} × ${os.cpus().length} cores, node ${process.version}, ${os.platform()} ${os.arch()}`,
);

let t0 = performance.now();
const regions = buildDemoGeography({ gridsPerCommunity: scale });
const buildMs = performance.now() - t0;
const grids = regions.filter((r) => r.level === 'grid');
const city = regions[0] as GeoRegion;
console.log(
  `geography ${fmt(regions.length)} regions (${fmt(grids.length)} grids, scale ${scale}) built in ${fmt(buildMs)} ms`,
);

t0 = performance.now();
const index = RegionSpatialIndex.build(grids);
const indexMs = performance.now() - t0;
const stats = index.stats;
console.log(
  `index     built in ${fmt(indexMs)} ms: ${stats.cols}×${stats.rows} buckets, ${fmt(stats.directBuckets)} answer directly, ${fmt(stats.candidates)} candidates, ${fmt(stats.edges)} row edges`,
);

// Uniform random points over the city's bounding box (seeded: every run sees the same points).
const random = mulberry32(seed);
const [minX, minY, maxX, maxY] = city.bbox;
const xs = new Float64Array(lookups);
const ys = new Float64Array(lookups);
for (let i = 0; i < lookups; i++) {
  xs[i] = minX + (maxX - minX) * random();
  ys[i] = minY + (maxY - minY) * random();
}

function indexPass(px: Float64Array, py: Float64Array): { ms: number; hits: number } {
  let hits = 0;
  const start = performance.now();
  for (let i = 0; i < px.length; i++) {
    if (index.locate(px[i] as number, py[i] as number) !== undefined) hits++;
  }
  return { ms: performance.now() - start, hits };
}

function measure(px: Float64Array, py: Float64Array): { perSecond: number; hits: number } {
  indexPass(
    px.subarray(0, Math.min(px.length, 200_000)),
    py.subarray(0, Math.min(py.length, 200_000)),
  );
  const rates: number[] = [];
  let hits = 0;
  for (let r = 0; r < rounds; r++) {
    const pass = indexPass(px, py);
    rates.push((px.length / pass.ms) * 1000);
    hits = pass.hits;
  }
  return { perSecond: median(rates), hits };
}

const all = measure(xs, ys);

// The same measurement restricted to points that fall in a grid: every lookup does real work.
const inside: number[] = [];
for (let i = 0; i < lookups; i++)
  if (index.locate(xs[i] as number, ys[i] as number) !== undefined) inside.push(i);
const ixs = Float64Array.from(inside, (i) => xs[i] as number);
const iys = Float64Array.from(inside, (i) => ys[i] as number);
const hitsOnly = ixs.length > 0 ? measure(ixs, iys) : { perSecond: 0, hits: 0 };

// Brute force on a sample of the same points; also checks that both give the same answers.
let mismatches = 0;
bruteForceLocate(grids, xs[0] as number, ys[0] as number);
t0 = performance.now();
for (let i = 0; i < bruteSample; i++) {
  const x = xs[i] as number;
  const y = ys[i] as number;
  if (bruteForceLocate(grids, x, y) !== index.locate(x, y)) mismatches++;
}
const bruteMs = performance.now() - t0;
const brutePerSecond = (bruteSample / bruteMs) * 1000;

// The textbook alternative: an R-tree (flatbush) over the grids' boxes, then the exact test
// on each box that contains the point. Shows what the bucket grid buys.
const tree = new Flatbush(grids.length);
for (const g of grids) tree.add(g.bbox[0], g.bbox[1], g.bbox[2], g.bbox[3]);
tree.finish();
const gridEdges = grids.map((g) => packEdges(g.geometry));
function flatbushLocate(x: number, y: number): string | undefined {
  let found = -1;
  tree.search(x, y, x, y, (i) => {
    if (found < 0) {
      const edges = gridEdges[i] as Float64Array;
      if (pointInPackedEdges(edges, 0, edges.length, x, y)) found = i;
    }
    return false;
  });
  return found < 0 ? undefined : (grids[found] as GeoRegion).id;
}
const flatbushSample = Math.min(lookups, 200_000);
for (let i = 0; i < Math.min(flatbushSample, 20_000); i++) {
  const x = xs[i] as number;
  const y = ys[i] as number;
  if (flatbushLocate(x, y) !== index.locate(x, y)) mismatches++;
}
const flatbushRates: number[] = [];
for (let r = 0; r < 3; r++) {
  t0 = performance.now();
  let hits = 0;
  for (let i = 0; i < flatbushSample; i++) {
    if (flatbushLocate(xs[i] as number, ys[i] as number) !== undefined) hits++;
  }
  flatbushRates.push((flatbushSample / (performance.now() - t0)) * 1000);
  // Using the count keeps the loop from being optimised away and cross-checks the index.
  if (hits !== indexPass(xs.subarray(0, flatbushSample), ys.subarray(0, flatbushSample)).hits) {
    mismatches++;
  }
}
const flatbushPerSecond = median(flatbushRates);

const rows: Array<[string, string, string, string]> = [
  [
    'index, points in city bbox',
    fmt(all.perSecond),
    fmt(1e9 / all.perSecond, 1),
    `${fmt(lookups)} × ${rounds} rounds`,
  ],
  [
    'index, points inside grids only',
    fmt(hitsOnly.perSecond),
    fmt(1e9 / hitsOnly.perSecond, 1),
    `${fmt(ixs.length)} × ${rounds} rounds`,
  ],
  [
    'flatbush boxes + exact test',
    fmt(flatbushPerSecond),
    fmt(1e9 / flatbushPerSecond, 1),
    `${fmt(flatbushSample)} × 3 rounds`,
  ],
  [
    'brute force (all polygons)',
    fmt(brutePerSecond),
    fmt(1e9 / brutePerSecond, 1),
    `${fmt(bruteSample)} points`,
  ],
];
const widths = [32, 14, 12, 26];
const line = (cells: string[]) =>
  cells
    .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
    .join('  ');
console.log('');
console.log(line(['path', 'lookups/s', 'ns/lookup', 'sample']));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));
console.log('');
console.log(`grids                 ${fmt(grids.length)}`);
console.log(`share hitting a grid  ${fmt((all.hits / lookups) * 100, 1)} %`);
console.log(
  `index / brute force   ${fmt(all.perSecond / brutePerSecond)}× (points in bbox), ${fmt(hitsOnly.perSecond / brutePerSecond)}× (inside grids)`,
);
console.log(
  `agreement             ${mismatches === 0 ? 'index = brute force = flatbush' : `${mismatches} MISMATCHES`} on ${fmt(bruteSample)} / ${fmt(Math.min(flatbushSample, 20_000))} points`,
);
const pass =
  all.perSecond >= TARGET_PER_SECOND && hitsOnly.perSecond >= TARGET_PER_SECOND && mismatches === 0;
console.log(
  `target                ≥ ${fmt(TARGET_PER_SECOND)} lookups/s on one core: ${pass ? 'PASS' : 'FAIL'}`,
);
process.exitCode = pass ? 0 : 1;
