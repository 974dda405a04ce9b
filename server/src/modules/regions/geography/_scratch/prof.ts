import { loadShanghaiDivisions, loadDistrictOutlines } from '../division-data.ts';
let t = performance.now();
const d = loadShanghaiDivisions();
console.log('divisions', (performance.now() - t).toFixed(0));
t = performance.now();
loadDistrictOutlines(d.districts);
console.log('outlines', (performance.now() - t).toFixed(0));
t = performance.now();
