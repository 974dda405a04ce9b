import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { RegionLevel } from '../../../shared/api/types';

export interface RegionFeatureProperties {
  id: string;
  name: string;
  level: RegionLevel;
  parentId: string | null;
  /** Fill colour, assigned on the client so neighbouring districts are told apart. */
  color?: string;
}

export type RegionGeometry = Polygon | MultiPolygon;
export type RegionFeature = Feature<RegionGeometry, RegionFeatureProperties>;
export type RegionFeatureCollection = FeatureCollection<RegionGeometry, RegionFeatureProperties>;

export type BBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

const LEVELS: ReadonlySet<string> = new Set(['city', 'district', 'street', 'grid']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRegionGeometry(value: unknown): value is RegionGeometry {
  return (
    isRecord(value) &&
    (value.type === 'Polygon' || value.type === 'MultiPolygon') &&
    Array.isArray(value.coordinates)
  );
}

function toFeature(value: unknown): RegionFeature | null {
  if (!isRecord(value) || value.type !== 'Feature' || !isRegionGeometry(value.geometry)) {
    return null;
  }
  const props = value.properties;
  if (!isRecord(props) || typeof props.id !== 'string' || typeof props.name !== 'string') {
    return null;
  }
  if (typeof props.level !== 'string' || !LEVELS.has(props.level)) return null;
  return {
    type: 'Feature',
    id: props.id,
    geometry: value.geometry,
    properties: {
      id: props.id,
      name: props.name,
      level: props.level as RegionLevel,
      parentId: typeof props.parentId === 'string' ? props.parentId : null,
    },
  };
}

/**
 * The map hands this data to WebGL workers, where a malformed feature fails silently; so
 * the collection is checked once on arrival, and anything unusable is dropped and counted.
 */
export function toRegionFeatureCollection(body: unknown): {
  collection: RegionFeatureCollection;
  dropped: number;
} {
  if (!isRecord(body) || body.type !== 'FeatureCollection' || !Array.isArray(body.features)) {
    throw new Error('Expected a GeoJSON FeatureCollection');
  }
  const features: RegionFeature[] = [];
  for (const raw of body.features) {
    const feature = toFeature(raw);
    if (feature) features.push(feature);
  }
  return {
    collection: { type: 'FeatureCollection', features },
    dropped: body.features.length - features.length,
  };
}

function extendWithRing(box: BBox, ring: Position[]): void {
  for (const position of ring) {
    const [lng, lat] = position;
    if (lng === undefined || lat === undefined) continue;
    if (lng < box[0]) box[0] = lng;
    if (lat < box[1]) box[1] = lat;
    if (lng > box[2]) box[2] = lng;
    if (lat > box[3]) box[3] = lat;
  }
}

/** Bounding box of every outer ring; null for an empty collection. */
export function bboxOf(features: readonly RegionFeature[]): BBox | null {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { geometry } of features) {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const polygon of polygons) {
      const outer = polygon[0];
      if (outer) extendWithRing(box, outer);
    }
  }
  return box[0] <= box[2] && box[1] <= box[3] ? box : null;
}

/** Muted, distinct fills; the same region always gets the same colour. */
export const LIGHT_PALETTE = [
  '#8ec5ff',
  '#a7e3c3',
  '#ffd59e',
  '#f5b5c8',
  '#c9b8f5',
  '#9fe0e6',
  '#f7c59f',
  '#b8d98e',
] as const;

export const DARK_PALETTE = [
  '#1d4ed8',
  '#0e7490',
  '#7c3aed',
  '#0f766e',
  '#1e40af',
  '#6d28d9',
  '#155e75',
  '#3730a3',
] as const;

/**
 * Colours by position in id order, not by array order, so that the server returning the
 * same districts in a different order does not repaint the map.
 */
export function withColors(
  collection: RegionFeatureCollection,
  palette: readonly string[],
): RegionFeatureCollection {
  const order = [...collection.features]
    .map((f) => f.properties.id)
    .sort((a, b) => a.localeCompare(b));
  const rank = new Map(order.map((id, index) => [id, index]));
  return {
    ...collection,
    features: collection.features.map((feature) => ({
      ...feature,
      properties: {
        ...feature.properties,
        color: palette[(rank.get(feature.properties.id) ?? 0) % palette.length],
      },
    })),
  };
}
