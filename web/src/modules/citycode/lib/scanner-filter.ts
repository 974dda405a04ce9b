/** What the scanner list can be narrowed by: words from the id, name or place, and a scene. */
export interface ScannerFilter {
  q: string;
  sceneId: string | null;
}

interface FilterableScanner {
  id: string;
  name: string;
  place?: string | null;
  sceneId: string;
}

/**
 * Scanners matching every word of `q` (in the id, the name or the place, any case) and the
 * scene, if one is chosen. A city registers a scanner per gate, desk and bus: thousands.
 */
export function filterScanners<S extends FilterableScanner>(
  scanners: readonly S[],
  filter: ScannerFilter,
): S[] {
  const words = filter.q.toLowerCase().split(/\s+/).filter(Boolean);
  return scanners.filter((s) => {
    if (filter.sceneId && s.sceneId !== filter.sceneId) return false;
    const text = `${s.id} ${s.name} ${s.place ?? ''}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
