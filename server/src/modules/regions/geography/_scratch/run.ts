import { buildDemoGeography } from '../demo-geography.ts';
import { pointInGeometry } from '../point-in-polygon.ts';
const t0 = performance.now();
const stages: Record<string, number> = {};
const regions = buildDemoGeography({
  onProgress: (d, t, s) => {
    if (d === t) stages[s] = performance.now() - t0;
  },
});
const ms = performance.now() - t0;
console.log('built', regions.length, 'in', ms.toFixed(0), 'ms', stages);
const levels: Record<string, number> = {};
let multi: Record<string, number> = {};
for (const r of regions) {
  levels[r.level] = (levels[r.level] ?? 0) + 1;
  if (r.geometry.type === 'MultiPolygon') multi[r.level] = (multi[r.level] ?? 0) + 1;
}
console.log(levels, 'multipolygons', multi);
let bad = 0;
for (const r of regions) if (!pointInGeometry(r.geometry, r.centroid[0], r.centroid[1])) bad++;
console.log('centroids outside', bad, 'json bytes', JSON.stringify(regions).length);
