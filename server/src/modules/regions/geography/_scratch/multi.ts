import { buildDemoGeography } from '../demo-geography.ts';
import { multiPolygonArea } from '../polygon-math.ts';
const regions = buildDemoGeography();
const byId = new Map(regions.map((r) => [r.id, r]));
for (const r of regions) {
  if (r.geometry.type !== 'MultiPolygon' || r.level === 'city') continue;
  const parent = byId.get(r.parentId!)!;
  const parentParts =
    parent.geometry.type === 'MultiPolygon' ? parent.geometry.coordinates.length : 1;
  const areas = r.geometry.coordinates.map((p) => multiPolygonArea([p])).sort((a, b) => b - a);
  const total = areas.reduce((a, b) => a + b, 0);
  console.log(
    r.level,
    r.id,
    r.name,
    'parts',
    areas.length,
    'parentParts',
    parentParts,
    'minor share',
    ((total - areas[0]!) / total).toExponential(1),
    'minor areas',
    areas
      .slice(1)
      .map((a) => a.toExponential(1))
      .join(' '),
  );
}
