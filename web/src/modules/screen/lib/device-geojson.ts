import type { Feature, FeatureCollection, Point } from 'geojson';
import type { ScreenDeviceColumns } from './screen-types';

export type DeviceState = 0 | 1 | 2;
export const DEVICE_STATE = { online: 0, offline: 1, alerting: 2 } as const;

export interface DeviceProperties {
  /** 0 online, 1 offline, 2 alerting: a number, so the style expression compares numbers. */
  s: DeviceState;
}

export type DeviceCollection = FeatureCollection<Point, DeviceProperties>;

function toState(value: number | undefined): DeviceState {
  return value === 1 || value === 2 ? value : 0;
}

/**
 * Columns → GeoJSON for MapLibre's circle layer. Each feature carries one small number and no
 * id string, which keeps the copy to the map's worker and the tiler's work minimal for
 * 100,000 points. Rows with a missing or impossible coordinate are left out.
 */
export function devicesToGeoJson(columns: ScreenDeviceColumns): DeviceCollection {
  const n = Math.min(columns.lng.length, columns.lat.length, columns.state.length);
  const features: Feature<Point, DeviceProperties>[] = [];
  for (let i = 0; i < n; i++) {
    const lng = columns.lng[i];
    const lat = columns.lat[i];
    if (lng === undefined || lat === undefined) continue;
    if (
      !Number.isFinite(lng) ||
      !Number.isFinite(lat) ||
      Math.abs(lat) > 90 ||
      Math.abs(lng) > 180
    ) {
      continue;
    }
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lng, lat] },
      properties: { s: toState(columns.state[i]) },
    });
  }
  return { type: 'FeatureCollection', features };
}

export interface StateCounts {
  online: number;
  offline: number;
  alerting: number;
}

export function countStates(columns: Pick<ScreenDeviceColumns, 'state'>): StateCounts {
  const counts = { online: 0, offline: 0, alerting: 0 };
  for (const state of columns.state) {
    if (state === 1) counts.offline += 1;
    else if (state === 2) counts.alerting += 1;
    else counts.online += 1;
  }
  return counts;
}
