import { defineEvents } from '../../platform/events/event.ts';
import type { RegionLevel } from './geography/index.ts';

export interface RegionsEvents {
  'regions.region.renamed': { id: string; level: RegionLevel; from: string; to: string };
  'regions.map.imported': { regions: number; districts: number; streets: number; grids: number };
}

export const regionsEvent = defineEvents<RegionsEvents>();
