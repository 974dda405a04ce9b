import { buildDemoGeography } from '../demo-geography.ts';
import { RegionSpatialIndex } from '../spatial-index.ts';
import { mulberry32 } from '../prng.ts';
const regions = buildDemoGeography();
const grids = regions.filter((r) => r.level === 'grid');
const [x0, y0, x1, y1] = regions[0]!.bbox;
const rnd = mulberry32(7);
const N = 1_000_000;
const xs = new Float64Array(N),
  ys = new Float64Array(N);
for (let i = 0; i < N; i++) {
  xs[i] = x0 + (x1 - x0) * rnd();
  ys[i] = y0 + (y1 - y0) * rnd();
}
const tmp = RegionSpatialIndex.build(grids);
const inX: number[] = [],
  inY: number[] = [];
for (let i = 0; i < N; i++)
  if (tmp.locate(xs[i]!, ys[i]!)) {
    inX.push(xs[i]!);
    inY.push(ys[i]!);
  }
const ix = Float64Array.from(inX),
  iy = Float64Array.from(inY);
for (const bpr of [16, 32, 64, 128, 256]) {
  const t = performance.now();
  const index = RegionSpatialIndex.build(grids, { bucketsPerRegion: bpr });
  const bms = performance.now() - t;
  const rates: number[] = [];
  for (let r = 0; r < 5; r++) {
    const s = performance.now();
    let h = 0;
    for (let i = 0; i < ix.length; i++) if (index.locate(ix[i]!, iy[i]!)) h++;
    rates.push(ix.length / (performance.now() - s) / 1000);
  }
  rates.sort((a, b) => a - b);
  const st = index.stats;
  console.log(
    bpr,
    'build ms',
    bms.toFixed(0),
    'inside M/s',
    rates[2]!.toFixed(2),
    'direct',
    st.directBuckets,
    'cands',
    st.candidates,
    'edges',
    st.edges,
    'buckets',
    st.cols * st.rows,
  );
}
