import type { ScreenDeviceColumns } from './screen-types';

/** Floats per device in the vertex buffer: mercator x, mercator y, state. */
export const FLOATS_PER_DEVICE = 3;

/** Web Mercator in MapLibre's unit square: [0, 0] top left of the world, [1, 1] bottom right. */
export function toMercator(lng: number, lat: number): [x: number, y: number] {
  const clamped = Math.max(-85.051129, Math.min(85.051129, lat));
  const phi = (clamped * Math.PI) / 180;
  const x = (lng + 180) / 360;
  const y = (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2;
  return [x, y];
}

export interface DeviceBuffer {
  /** Interleaved [x, y, state] per device, alerting devices last so they are drawn on top. */
  data: Float32Array;
  count: number;
}

/**
 * Columns → one vertex buffer for a WebGL points layer: no GeoJSON, no worker, no tiling, so
 * 100,000 devices cost one pass over the arrays and one upload. Rows with an impossible
 * coordinate are left out.
 */
export function packDevices(
  columns: Pick<ScreenDeviceColumns, 'lng' | 'lat' | 'state'>,
): DeviceBuffer {
  const n = Math.min(columns.lng.length, columns.lat.length, columns.state.length);
  const data = new Float32Array(n * FLOATS_PER_DEVICE);
  let count = 0;
  // Three passes, one per state, keep the draw order online → offline → alerting.
  for (const wanted of [0, 1, 2]) {
    for (let i = 0; i < n; i++) {
      const raw = columns.state[i];
      const state = raw === 1 || raw === 2 ? raw : 0;
      if (state !== wanted) continue;
      const lng = columns.lng[i];
      const lat = columns.lat[i];
      if (lng === undefined || lat === undefined) continue;
      if (
        !Number.isFinite(lng) ||
        !Number.isFinite(lat) ||
        Math.abs(lng) > 180 ||
        Math.abs(lat) > 90
      ) {
        continue;
      }
      const [x, y] = toMercator(lng, lat);
      const at = count * FLOATS_PER_DEVICE;
      data[at] = x;
      data[at + 1] = y;
      data[at + 2] = state;
      count += 1;
    }
  }
  return { data: data.subarray(0, count * FLOATS_PER_DEVICE), count };
}

/** Dot diameter in CSS pixels by zoom: a haze over the city, distinct dots in a street. */
export function dotDiameter(zoom: number): number {
  const stops: [number, number][] = [
    [8, 2.4],
    [11, 4.4],
    [14, 8],
    [17, 14],
  ];
  const first = stops[0] ?? [8, 2.4];
  const last = stops[stops.length - 1] ?? [17, 14];
  if (zoom <= first[0]) return first[1];
  if (zoom >= last[0]) return last[1];
  for (let i = 1; i < stops.length; i++) {
    const [z1, d1] = stops[i] ?? last;
    const [z0, d0] = stops[i - 1] ?? first;
    if (zoom <= z1) return d0 + ((d1 - d0) * (zoom - z0)) / (z1 - z0);
  }
  return last[1];
}
