export interface PageOf<T> {
  items: T[];
  total: number;
}

export interface ScanResult<T> {
  /** Matching items in server order. */
  matches: T[];
  /** How many items were read from the server. */
  scanned: number;
  /** How many items the server holds for its own part of the filter. */
  total: number;
  /** True when the scan stopped at `maxScanned` before reading everything. */
  truncated: boolean;
}

/**
 * Reads a server-paginated list page by page, keeping the items `keep` accepts, for the
 * filters the endpoint cannot apply itself. Bounded by `maxScanned` so that a filter over a
 * city-sized list never turns into thousands of requests; callers say when it was cut short.
 */
export async function scanPages<T>(
  fetchPage: (offset: number, limit: number) => Promise<PageOf<T>>,
  keep: (item: T) => boolean,
  options: { pageSize: number; maxScanned: number },
): Promise<ScanResult<T>> {
  const matches: T[] = [];
  let scanned = 0;
  let total = 0;
  for (;;) {
    const limit = Math.min(options.pageSize, options.maxScanned - scanned);
    if (limit <= 0) break;
    const page = await fetchPage(scanned, limit);
    total = page.total;
    scanned += page.items.length;
    for (const item of page.items) if (keep(item)) matches.push(item);
    if (page.items.length === 0 || scanned >= page.total) break;
  }
  return { matches, scanned, total, truncated: scanned < total };
}

/** One page (1-based) of an in-memory list. */
export function pageSlice<T>(items: readonly T[], page: number, pageSize: number): T[] {
  const start = (Math.max(1, page) - 1) * pageSize;
  return items.slice(start, start + pageSize);
}
