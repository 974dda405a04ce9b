import { buildDemoGeography } from '../demo-geography.ts';
import { bruteForceLocate } from '../spatial-index.ts';
import { mulberry32 } from '../prng.ts';
import { forEachRing } from '../point-in-polygon.ts';
const regions = buildDemoGeography();
const grids = regions.filter((r) => r.level === 'grid');
let v = 0;
for (const g of grids)
  forEachRing(g.geometry, (r) => {
    v += r.length;
  });
console.log('grid vertices', v);
const rnd = mulberry32(1);
const [x0, y0, x1, y1] = regions[0]!.bbox;
for (let k = 0; k < 3; k++) {
  const t = performance.now();
  let hits = 0;
  for (let i = 0; i < 3000; i++)
    if (bruteForceLocate(grids, x0 + (x1 - x0) * rnd(), y0 + (y1 - y0) * rnd())) hits++;
  console.log('brute/s', ((3000 / (performance.now() - t)) * 1000).toFixed(0), hits);
}
