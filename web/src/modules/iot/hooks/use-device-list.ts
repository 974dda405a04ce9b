import { useCallback, useMemo } from 'react';
import { useAsync } from '../../../shared/hooks/use-async';
import { getDeviceMap, listDevices, MAX_DEVICE_PAGE, type Device } from '../api/iot-api';
import {
  mapFeatureMatches,
  matchesClientFilters,
  needsClientFilter,
  serverDeviceQuery,
  type DeviceFilters,
} from '../lib/device-filters';
import { toDevicePoints } from '../lib/device-map';
import { pageSlice, scanPages } from '../lib/scan-pages';

/** Upper bound of devices read to apply the status and department filters in the browser. */
export const MAX_CLIENT_SCAN = 5_000;
/** The map endpoint's own maximum per request. */
export const MAP_LIMIT = 10_000;

export type DeviceListResult =
  | { kind: 'page'; items: Device[]; total: number }
  | { kind: 'scan'; matches: Device[]; scanned: number; total: number; truncated: boolean };

/**
 * One page of devices. With only server-side filters that is one request; with status or
 * department it is a bounded scan, re-used while the user pages through its matches.
 */
export function useDeviceList(filters: DeviceFilters) {
  const scanning = needsClientFilter(filters);
  const { page, pageSize } = filters;
  // The scan does not depend on the page, so paging through its matches asks nothing.
  const key = JSON.stringify({
    ...filters,
    view: 'table',
    ...(scanning ? { page: 0, pageSize: 0 } : {}),
  });
  const stable = useMemo(() => JSON.parse(key) as DeviceFilters, [key]);
  const load = useCallback(
    async (signal: AbortSignal): Promise<DeviceListResult> => {
      if (!needsClientFilter(stable)) {
        const offset = (stable.page - 1) * stable.pageSize;
        const result = await listDevices(
          serverDeviceQuery(stable, offset, stable.pageSize),
          signal,
        );
        return { kind: 'page', items: result.items, total: result.total };
      }
      const scan = await scanPages(
        (offset, limit) => listDevices(serverDeviceQuery(stable, offset, limit), signal),
        (device) => matchesClientFilters(device, stable),
        { pageSize: MAX_DEVICE_PAGE, maxScanned: MAX_CLIENT_SCAN },
      );
      return { kind: 'scan', ...scan };
    },
    [stable],
  );
  const result = useAsync(load);
  const rows =
    result.status !== 'success'
      ? []
      : result.data.kind === 'page'
        ? result.data.items
        : pageSlice(result.data.matches, page, pageSize);
  const total =
    result.status !== 'success'
      ? 0
      : result.data.kind === 'page'
        ? result.data.total
        : result.data.matches.length;
  return { result, rows, total };
}

/** Located devices for the map, filtered by product and region on the server, status here. */
export function useDeviceMap(filters: DeviceFilters, enabled: boolean) {
  const { product, region, status } = filters;
  const load = useCallback(
    async (signal: AbortSignal) => {
      if (!enabled) return null;
      const collection = await getDeviceMap(
        {
          limit: MAP_LIMIT,
          offset: 0,
          ...(product ? { product } : {}),
          ...(region ? { region } : {}),
        },
        signal,
      );
      const shown = collection.features.filter((f) =>
        mapFeatureMatches(f, { page: 1, pageSize: 1, view: 'map', ...(status ? { status } : {}) }),
      );
      return {
        points: toDevicePoints(shown),
        total: collection.total,
        fetched: collection.features.length,
      };
    },
    [enabled, product, region, status],
  );
  return useAsync(load);
}
