import type { FeatureCollection, Point } from 'geojson';
import type { DeviceMapFeature } from '../api/iot-api';

export interface DevicePointProperties {
  id: string;
  name: string;
  productId: string;
  online: boolean;
}

export type DevicePoints = FeatureCollection<Point, DevicePointProperties>;

/**
 * The map endpoint's features as MapLibre wants them: the id copied into the properties
 * (GeoJSON sources drop string feature ids) and devices without a real position left out.
 */
export function toDevicePoints(features: readonly DeviceMapFeature[]): DevicePoints {
  return {
    type: 'FeatureCollection',
    features: features
      .filter((f) => {
        const [lng, lat] = f.geometry.coordinates;
        return (
          lng !== undefined &&
          lat !== undefined &&
          Number.isFinite(lng) &&
          Number.isFinite(lat) &&
          !(lng === 0 && lat === 0)
        );
      })
      .map((f) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [...f.geometry.coordinates] },
        properties: {
          id: f.id,
          name: f.properties.name,
          productId: f.properties.productId,
          online: f.properties.online,
        },
      })),
  };
}

export type LngLatBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

/** Bounding box of the points, widened a little so a single device is not a zero-size box. */
export function pointsBBox(points: DevicePoints, minSpan = 0.01): LngLatBox | null {
  let [minLng, minLat, maxLng, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { geometry } of points.features) {
    const [lng, lat] = geometry.coordinates;
    if (lng === undefined || lat === undefined) continue;
    minLng = Math.min(minLng, lng);
    minLat = Math.min(minLat, lat);
    maxLng = Math.max(maxLng, lng);
    maxLat = Math.max(maxLat, lat);
  }
  if (minLng > maxLng) return null;
  const padLng = Math.max(0, (minSpan - (maxLng - minLng)) / 2);
  const padLat = Math.max(0, (minSpan - (maxLat - minLat)) / 2);
  return [minLng - padLng, minLat - padLat, maxLng + padLng, maxLat + padLat];
}
