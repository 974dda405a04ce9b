import { createHash } from 'node:crypto';
import { buildDemoGeography } from '../demo-geography.ts';
import { geometryArea } from '../polygon-math.ts';
const from = Number(process.argv[2] ?? 1),
  to = Number(process.argv[3] ?? 30),
  scale = Number(process.argv[4] ?? 1);
for (let seed = from; seed <= to; seed++) {
  const t = performance.now();
  try {
    const regions = buildDemoGeography({ seed, gridsPerCommunity: scale });
    const sums = new Map<string, number>();
    for (const r of regions)
      if (r.parentId) sums.set(r.parentId, (sums.get(r.parentId) ?? 0) + geometryArea(r.geometry));
    let worst = 0;
    for (const r of regions)
      if (r.level !== 'grid') {
        const a = geometryArea(r.geometry);
        worst = Math.max(worst, Math.abs((sums.get(r.id) ?? 0) - a) / a);
      }
    const multi = regions.filter(
      (r) => r.geometry.type === 'MultiPolygon' && r.level === 'grid',
    ).length;
    console.log(
      seed,
      'ms',
      (performance.now() - t).toFixed(0),
      'worst rel area err',
      worst.toExponential(1),
      'multi grids',
      multi,
      createHash('sha256').update(JSON.stringify(regions)).digest('hex').slice(0, 12),
    );
  } catch (e) {
    console.log(seed, 'FAILED', (e as Error).message);
  }
}
