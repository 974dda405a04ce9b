import pc from 'polygon-clipping';
import { loadShanghaiDivisions, loadDistrictOutlines } from '../division-data.ts';
import { bboxOf } from '../polygon-math.ts';
const d = loadShanghaiDivisions();
const o = loadDistrictOutlines(d.districts);
for (let round = 0; round < 2; round++) {
  let t = performance.now();
  const u = d.districts.map((x) => pc.union(o.get(x.code)!));
  console.log('unions', (performance.now() - t).toFixed(0));
  t = performance.now();
  const tiled: pc.MultiPolygon[] = [];
  for (const [i, x] of u.entries()) {
    const b = bboxOf(x);
    const e = tiled.filter((t) => {
      const c = bboxOf(t);
      return b[0] <= c[2] && c[0] <= b[2] && b[1] <= c[3] && c[1] <= b[3];
    });
    tiled.push(e.length ? pc.difference(x, ...e) : x);
  }
  console.log('diffs', (performance.now() - t).toFixed(0));
  t = performance.now();
  const all = pc.union(tiled[0]!, ...tiled.slice(1));
  console.log('city union', (performance.now() - t).toFixed(0));
  t = performance.now();
}
