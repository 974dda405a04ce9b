import { api } from '../../../shared/api/api';
import { unwrap } from '../../../shared/api/client';
import type {
  LocateResult,
  RegionDetail,
  RegionFeatureQuery,
  RegionList,
  RegionQuery,
  RegionSummary,
} from '../../../shared/api/types';
import { toRegionFeatureCollection, type RegionFeatureCollection } from '../lib/region-features';

/** The server's page size limit. */
export const MAX_PAGE_SIZE = 500;

export function listRegions(query: RegionQuery, signal?: AbortSignal): Promise<RegionList> {
  return unwrap(api.GET('/api/v1/regions', { params: { query }, ...(signal ? { signal } : {}) }));
}

/** Every region matching the query, page by page (a district has dozens of streets, a street dozens of grids). */
export async function listAllRegions(
  query: Omit<RegionQuery, 'limit' | 'offset'>,
  signal?: AbortSignal,
): Promise<RegionSummary[]> {
  const items: RegionSummary[] = [];
  for (;;) {
    const page = await listRegions(
      { ...query, limit: MAX_PAGE_SIZE, offset: items.length },
      signal,
    );
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) return items;
  }
}

export function getRegion(id: string, signal?: AbortSignal): Promise<RegionDetail> {
  return unwrap(
    api.GET('/api/v1/regions/{id}', {
      params: { path: { id } },
      ...(signal ? { signal } : {}),
    }),
  );
}

export async function getRegionFeatures(
  query: RegionFeatureQuery,
  signal?: AbortSignal,
): Promise<RegionFeatureCollection> {
  const body = await unwrap(
    api.GET('/api/v1/regions/features', { params: { query }, ...(signal ? { signal } : {}) }),
  );
  const { collection, dropped } = toRegionFeatureCollection(body);
  if (dropped > 0) console.warn(`Dropped ${dropped} malformed region features`);
  return collection;
}

export function locatePoint(lat: number, lng: number, signal?: AbortSignal): Promise<LocateResult> {
  return unwrap(
    api.GET('/api/v1/regions/locate', {
      params: { query: { lat, lng } },
      ...(signal ? { signal } : {}),
    }),
  );
}
