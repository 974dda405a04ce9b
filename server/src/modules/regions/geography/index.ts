/**
 * The geography of the regions module: the demo city's map and point → region lookup.
 * Other code imports from here (or from the regions module's own door), not from the files.
 */
export type * as GeoJSON from './geojson.ts';
export type {
  BBox,
  LinearRing,
  MultiPolygon,
  Polygon,
  PolygonalGeometry,
  Position,
} from './geojson.ts';
export {
  buildDemoGeography,
  DEFAULT_GEOGRAPHY_SEED,
  MAX_GRIDS_PER_COMMUNITY,
  type BuildDemoGeographyOptions,
  type GeoRegion,
  type GeographyStage,
  type RegionLevel,
} from './demo-geography.ts';
export { decodeEchartsGeoJson, type EncodedFeatureCollection } from './echarts-decode.ts';
export { pointInGeometry } from './point-in-polygon.ts';
export { geometryArea } from './polygon-math.ts';
export {
  bruteForceLocate,
  RegionSpatialIndex,
  type IndexedRegion,
  type SpatialIndexOptions,
} from './spatial-index.ts';
