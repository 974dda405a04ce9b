import { useCallback } from 'react';
import { useAsync } from '../../../shared/hooks/use-async';
import { listAllRegions } from '../../regions/api/regions-api';

let cached: Promise<Map<string, string>> | null = null;

/**
 * Names of the city's districts and streets (a few hundred, two requests, fetched once per
 * session) so lists that carry only region ids can show names. Grids are too many for this;
 * pages that need a grid's name ask for that one region.
 */
function loadNames(): Promise<Map<string, string>> {
  cached ??= Promise.all([
    listAllRegions({ level: 'district' }),
    listAllRegions({ level: 'street' }),
  ]).then(
    ([districts, streets]) => new Map([...districts, ...streets].map((r) => [r.id, r.name])),
    (error: unknown) => {
      cached = null;
      throw error;
    },
  );
  return cached;
}

export function useRegionNames(): (id: string | null | undefined) => string {
  const load = useCallback(() => loadNames(), []);
  const names = useAsync(load);
  return useCallback(
    (id) => {
      if (!id) return '';
      return (names.status === 'success' ? names.data.get(id) : undefined) ?? id;
    },
    [names],
  );
}
