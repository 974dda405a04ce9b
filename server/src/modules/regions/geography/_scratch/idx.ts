import { buildDemoGeography } from '../demo-geography.ts';
import { RegionSpatialIndex, bruteForceLocate } from '../spatial-index.ts';
import { mulberry32 } from '../prng.ts';
const regions = buildDemoGeography();
const grids = regions.filter((r) => r.level === 'grid');
let t = performance.now();
const index = RegionSpatialIndex.build(grids);
console.log('index build ms', (performance.now() - t).toFixed(0), index.stats);
const city = regions[0]!;
const [x0, y0, x1, y1] = city.bbox;
const rnd = mulberry32(7);
const N = 2_000_000;
const xs = new Float64Array(N),
  ys = new Float64Array(N);
for (let i = 0; i < N; i++) {
  xs[i] = x0 + (x1 - x0) * rnd();
  ys[i] = y0 + (y1 - y0) * rnd();
}
let mism = 0;
for (let i = 0; i < 20000; i++) {
  if (index.locate(xs[i]!, ys[i]!) !== bruteForceLocate(grids, xs[i]!, ys[i]!)) mism++;
}
console.log('mismatches', mism);
for (let round = 0; round < 5; round++) {
  let hits = 0;
  t = performance.now();
  for (let i = 0; i < N; i++) if (index.locate(xs[i]!, ys[i]!) !== undefined) hits++;
  const ms = performance.now() - t;
  console.log(
    'round',
    round,
    (N / ms / 1000).toFixed(2),
    'M/s',
    'hit share',
    (hits / N).toFixed(3),
  );
}
t = performance.now();
for (let i = 0; i < 2000; i++) bruteForceLocate(grids, xs[i]!, ys[i]!);
console.log('brute', ((2000 / (performance.now() - t)) * 1000).toFixed(0), '/s');
