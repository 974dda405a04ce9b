import type { PossibleDuplicate } from '../api/cases-api';

/** "12 m", "1.2 km": distances under a kilometre in whole metres. */
export function formatDistance(meters: number): string {
  if (!Number.isFinite(meters) || meters < 0) return '';
  if (meters < 1000) return `${Math.round(meters)} m`;
  return `${(Math.round(meters / 100) / 10).toFixed(1)} km`;
}

/**
 * The possible duplicates a report came back with, nearest first, without the case itself
 * and without repeats (the server already sorts; a page that merges lists should not rely on it).
 */
export function duplicateList(
  duplicates: readonly PossibleDuplicate[],
  selfId?: string,
): PossibleDuplicate[] {
  const seen = new Set<string>();
  return duplicates
    .filter((d) => {
      if (d.id === selfId || seen.has(d.id)) return false;
      seen.add(d.id);
      return true;
    })
    .sort((a, b) => a.distanceMeters - b.distanceMeters || a.number.localeCompare(b.number));
}

const FINAL_STAGES: ReadonlySet<string> = new Set(['rejected', 'closed', 'merged']);

/**
 * The case a report is merged into by default: the nearest duplicate that is still open
 * (the server refuses a closed, rejected or merged master).
 */
export function suggestedMaster(
  duplicates: readonly PossibleDuplicate[],
  selfId?: string,
): PossibleDuplicate | null {
  return duplicateList(duplicates, selfId).find((d) => !FINAL_STAGES.has(d.stage)) ?? null;
}
