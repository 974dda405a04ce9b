import type { ScreenChild } from './screen-types';

/** Dark blue (none open) → amber → red (the most open cases among the siblings). */
export const CHOROPLETH_COLORS = ['#12305c', '#1d4ed8', '#f59e0b', '#ef4444'] as const;

/**
 * Stops for an interpolate expression over open cases, scaled to the busiest sibling so a
 * quiet street still shows its differences. Always strictly increasing, as MapLibre requires.
 */
export function choroplethStops(
  children: readonly Pick<ScreenChild, 'openCases'>[],
): [number, string][] {
  const max = Math.max(1, ...children.map((c) => c.openCases));
  const [none, low, mid, high] = CHOROPLETH_COLORS;
  return [
    [0, none],
    [max / 3, low],
    [(max * 2) / 3, mid],
    [max, high],
  ];
}

/** Children with their rank by open cases (most first, ties by name), for the list beside the map. */
export function rankChildren(children: readonly ScreenChild[]): ScreenChild[] {
  return [...children].sort(
    (a, b) => b.openCases - a.openCases || b.alerting - a.alerting || a.name.localeCompare(b.name),
  );
}
