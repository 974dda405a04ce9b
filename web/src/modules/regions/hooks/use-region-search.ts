import { useCallback } from 'react';
import type { RegionSummary } from '../../../shared/api/types';
import { useAsync } from '../../../shared/hooks/use-async';
import { listRegions } from '../api/regions-api';

const DEBOUNCE_MS = 250;
const PER_LEVEL = 8;
const LEVELS = ['district', 'street', 'grid'] as const;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/** Regions whose name matches `query`; waits for typing to pause before asking the server. */
export function useRegionSearch(query: string) {
  const text = query.trim();
  const search = useCallback(
    async (signal: AbortSignal): Promise<RegionSummary[]> => {
      if (!text) return [];
      await pause(DEBOUNCE_MS, signal);
      // One query per level: the server searches names within a level (or a parent), and
      // asking per level also keeps a flood of grid matches from hiding the districts.
      const pages = await Promise.all(
        LEVELS.map((level) => listRegions({ q: text, level, limit: PER_LEVEL, offset: 0 }, signal)),
      );
      return pages.flatMap((page) => page.items);
    },
    [text],
  );
  return useAsync(search);
}
