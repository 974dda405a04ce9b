/** Figures the workbench shows for scenes and scanners, from the stats and list answers. */
export interface SceneStats {
  sceneId: string;
  name: string;
  allowed: number;
  denied: number;
  perMinute: Array<{ minute: string; allowed: number; denied: number }>;
}

export interface SceneSummary {
  sceneId: string;
  name: string;
  total: number;
  allowed: number;
  denied: number;
  /** Share of denials, 0…1 (0 when nothing was scanned). */
  denyRate: number;
  /** Scans per minute over the window. */
  perMinute: number;
  /** The busiest minute's scans. */
  peak: number;
}

export function summarizeScenes(scenes: readonly SceneStats[], minutes: number): SceneSummary[] {
  return scenes
    .map((s) => {
      const total = s.allowed + s.denied;
      return {
        sceneId: s.sceneId,
        name: s.name,
        total,
        allowed: s.allowed,
        denied: s.denied,
        denyRate: total === 0 ? 0 : s.denied / total,
        perMinute: minutes > 0 ? total / minutes : 0,
        peak: s.perMinute.reduce((max, m) => Math.max(max, m.allowed + m.denied), 0),
      };
    })
    .sort((a, b) => b.total - a.total || a.sceneId.localeCompare(b.sceneId));
}

export type ScannerLiveness = 'never' | 'recent' | 'today' | 'idle';

/** How long ago a scanner last scanned, in words the table shows as a tag. */
export function scannerLiveness(
  lastScanAt: string | null | undefined,
  now: number,
): ScannerLiveness {
  if (!lastScanAt) return 'never';
  const age = now - new Date(lastScanAt).getTime();
  if (age <= 10 * 60_000) return 'recent';
  if (age <= 24 * 3_600_000) return 'today';
  return 'idle';
}

/** A scanner id from a name, as the server accepts it (lowercase, digits and dashes). */
export function suggestScannerId(sceneId: string, existing: readonly string[]): string {
  for (let n = 1; ; n++) {
    const id = `${sceneId}-${String(n).padStart(2, '0')}`;
    if (!existing.includes(id)) return id;
  }
}
