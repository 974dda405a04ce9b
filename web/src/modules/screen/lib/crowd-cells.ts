import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { cellToBoundary, isValidCell } from 'h3-js';
import type { ScreenCrowd } from './screen-types';

export interface CrowdProperties {
  count: number;
  /** count / the busiest cell's count, 0..1: the style colours by this. */
  weight: number;
}

export type CrowdCollection = FeatureCollection<Polygon, CrowdProperties>;

/** H3 cells → hexagon polygons (GeoJSON order, closed rings), invalid cells skipped. */
export function crowdToGeoJson(crowd: ScreenCrowd): CrowdCollection {
  const valid = crowd.cells.filter((cell) => isValidCell(cell.h3) && cell.count > 0);
  const max = valid.reduce((m, cell) => Math.max(m, cell.count), 0);
  const features: Feature<Polygon, CrowdProperties>[] = valid.map((cell) => ({
    type: 'Feature',
    id: cell.h3,
    geometry: { type: 'Polygon', coordinates: [cellToBoundary(cell.h3, true)] },
    properties: { count: cell.count, weight: max > 0 ? cell.count / max : 0 },
  }));
  return { type: 'FeatureCollection', features };
}
