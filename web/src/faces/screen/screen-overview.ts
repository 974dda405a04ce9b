import type { RegionSummary } from '../../shared/api/types';
import { getRegion, listAllRegions, listRegions } from '../../modules/regions/api/regions-api';

export interface ScreenOverview {
  cityName: string | null;
  /** Most streets first: the big screen ranks, it does not list alphabetically. */
  districts: RegionSummary[];
  streetTotal: number;
  gridTotal: number;
}

/** Everything the big screen's side panel shows, all counted by the server. */
export async function loadScreenOverview(signal: AbortSignal): Promise<ScreenOverview> {
  const [districts, streets, grids] = await Promise.all([
    listAllRegions({ level: 'district' }, signal),
    // limit=1: only `total` is wanted, not the rows.
    listRegions({ level: 'street', limit: 1, offset: 0 }, signal),
    listRegions({ level: 'grid', limit: 1, offset: 0 }, signal),
  ]);
  const cityId = districts[0]?.parentId;
  const city = cityId ? await getRegion(cityId, signal).catch(() => null) : null;
  return {
    cityName: city?.name ?? null,
    districts: rankByStreets(districts),
    streetTotal: streets.total,
    gridTotal: grids.total,
  };
}

export function rankByStreets(districts: readonly RegionSummary[]): RegionSummary[] {
  return [...districts].sort((a, b) => b.childCount - a.childCount || a.id.localeCompare(b.id));
}
