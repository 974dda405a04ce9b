/** The regions module's only door: the city's map, its tree and point lookups. */
export {
  RegionsService,
  type RegionScope,
  type RegionSummary,
  type LocateResult,
} from './regions.service.ts';
export { RegionRepository, type RegionRecord } from './region.repository.ts';
export { registerRegionRoutes } from './regions.routes.ts';
export type { RegionsEvents } from './regions.events.ts';
export { buildDemoGeography, type GeoRegion, type RegionLevel } from './geography/index.ts';
export const regionsMigrations = {
  module: 'regions',
  dir: new URL('./migrations', import.meta.url).pathname,
};
