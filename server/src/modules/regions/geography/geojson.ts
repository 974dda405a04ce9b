/**
 * The small subset of GeoJSON (RFC 7946) that region geometry needs. Kept local instead of
 * depending on @types/geojson so the module's public types stay under our control.
 */

/**
 * [longitude, latitude] in degrees. The demo district outlines come from ECharts' China maps,
 * which are most likely in GCJ-02 (China's offset datum, a few hundred metres from WGS 84).
 */
export type Position = [number, number];

/** A closed ring: the first and last positions are equal. */
export type LinearRing = Position[];

export interface Polygon {
  type: 'Polygon';
  /** The exterior ring first, then any holes. */
  coordinates: LinearRing[];
}

export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: LinearRing[][];
}

export type PolygonalGeometry = Polygon | MultiPolygon;

export interface Feature<G = PolygonalGeometry, P = Record<string, unknown>> {
  type: 'Feature';
  id?: string | number;
  geometry: G;
  properties: P;
}

export interface FeatureCollection<G = PolygonalGeometry, P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: Feature<G, P>[];
}

/** [minLng, minLat, maxLng, maxLat]. */
export type BBox = [number, number, number, number];
