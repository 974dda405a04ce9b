const EARTH_RADIUS_M = 6_371_008.8;
const toRad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine); accurate to well under a metre at city scale. */
export function haversineMeters(a: [number, number], b: [number, number]): number {
  const dLat = toRad(b[1] - a[1]);
  const dLng = toRad(b[0] - a[0]);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRad(a[1])) * Math.cos(toRad(b[1])) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A box around a point that contains every point within `meters` (slightly larger), for an
 * indexed range query before the exact distance check.
 */
export function boundingBox(
  center: [number, number],
  meters: number,
): { minLng: number; maxLng: number; minLat: number; maxLat: number } {
  const dLat = (meters / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLng = dLat / Math.max(Math.cos(toRad(center[1])), 1e-6);
  return {
    minLng: center[0] - dLng,
    maxLng: center[0] + dLng,
    minLat: center[1] - dLat,
    maxLat: center[1] + dLat,
  };
}
