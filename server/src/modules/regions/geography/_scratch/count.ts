import pc from 'polygon-clipping';
const orig = pc.intersection;
let calls = 0,
  segs = 0,
  time = 0;
(pc as { intersection: typeof orig }).intersection = (a, ...b) => {
  calls++;
  for (const g of b) for (const p of g as pc.MultiPolygon) for (const r of p) segs += r.length;
  const t = performance.now();
  const res = orig(a, ...b);
  time += performance.now() - t;
  return res;
};
const { buildDemoGeography } = await import('../demo-geography.ts');
let last = 0;
buildDemoGeography({
  onProgress: (d, t, s) => {
    if (d === t) {
      console.log(
        s,
        'pc calls',
        calls,
        'avg parent segs',
        (segs / calls).toFixed(0),
        'ms',
        time.toFixed(0),
      );
      calls = 0;
      segs = 0;
      time = 0;
    }
  },
});
