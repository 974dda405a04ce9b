import { describe, expect, it } from 'vitest';
import type { DeviceMapFeature } from '../api/iot-api';
import { pointsBBox, toDevicePoints } from './device-map';

function feature(id: string, coordinates: [number, number], online = true): DeviceMapFeature {
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates },
    properties: {
      name: `D-${id}`,
      productId: 'water-level',
      online,
      lastSeenAt: null,
      gridId: null,
      latest: {},
    },
  };
}

describe('toDevicePoints', () => {
  it('copies the id into the properties, where MapLibre keeps it', () => {
    const points = toDevicePoints([feature('a', [121.5, 31.2], false)]);
    expect(points.features).toEqual([
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [121.5, 31.2] },
        properties: { id: 'a', name: 'D-a', productId: 'water-level', online: false },
      },
    ]);
  });

  it('leaves out devices without a real position', () => {
    const points = toDevicePoints([
      feature('a', [0, 0]),
      feature('b', [Number.NaN, 31]),
      feature('c', [121.4, 31.1]),
    ]);
    expect(points.features.map((f) => f.properties.id)).toEqual(['c']);
  });
});

describe('pointsBBox', () => {
  it('spans every point', () => {
    const points = toDevicePoints([feature('a', [121.1, 31.0]), feature('b', [121.9, 31.5])]);
    expect(pointsBBox(points)).toEqual([121.1, 31.0, 121.9, 31.5]);
  });

  it('gives a single device a small area around it instead of a zero-size box', () => {
    const box = pointsBBox(toDevicePoints([feature('a', [121.5, 31.2])]), 0.02);
    expect(box?.map((n) => Math.round(n * 1000) / 1000)).toEqual([121.49, 31.19, 121.51, 31.21]);
  });

  it('is null without points', () => {
    expect(pointsBBox(toDevicePoints([]))).toBeNull();
  });
});
