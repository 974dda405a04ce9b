import { describe, expect, it } from 'vitest';
import {
  bboxOf,
  toRegionFeatureCollection,
  withColors,
  type RegionFeature,
} from './region-features';

const square = (id: string, x: number, y: number, size = 1): RegionFeature => ({
  type: 'Feature',
  id,
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + size, y],
        [x + size, y + size],
        [x, y + size],
        [x, y],
      ],
    ],
  },
  properties: { id, name: id, level: 'district', parentId: '310000' },
});

describe('toRegionFeatureCollection', () => {
  it('keeps valid region features and counts the rest', () => {
    const body = {
      type: 'FeatureCollection',
      features: [
        square('310101', 121, 31),
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [0, 0] },
          properties: { id: 'x', name: 'x', level: 'district' },
        },
        {
          type: 'Feature',
          geometry: square('a', 0, 0).geometry,
          properties: { id: 7, name: 'bad id' },
        },
        {
          type: 'Feature',
          geometry: square('b', 0, 0).geometry,
          properties: { id: 'b', name: 'b', level: 'planet' },
        },
      ],
    };
    const { collection, dropped } = toRegionFeatureCollection(body);
    expect(collection.features.map((f) => f.properties.id)).toEqual(['310101']);
    expect(dropped).toBe(3);
  });

  it('rejects something that is not a FeatureCollection', () => {
    expect(() => toRegionFeatureCollection({ type: 'Feature' })).toThrow(/FeatureCollection/);
    expect(() => toRegionFeatureCollection(null)).toThrow();
  });
});

describe('bboxOf', () => {
  it('spans polygons and multipolygons', () => {
    const multi: RegionFeature = {
      ...square('m', 0, 0),
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          square('a', 120, 30).geometry.coordinates as number[][][],
          square('b', 122.5, 31.5, 0.5).geometry.coordinates as number[][][],
        ],
      },
    };
    expect(bboxOf([multi, square('p', 121, 29.5)])).toEqual([120, 29.5, 123, 32]);
  });

  it('is null for nothing', () => {
    expect(bboxOf([])).toBeNull();
  });
});

describe('withColors', () => {
  it('gives each region the same colour whatever order the server sent them in', () => {
    const palette = ['red', 'green', 'blue'];
    const a = withColors(
      { type: 'FeatureCollection', features: [square('2', 0, 0), square('1', 0, 0)] },
      palette,
    );
    const b = withColors(
      { type: 'FeatureCollection', features: [square('1', 0, 0), square('2', 0, 0)] },
      palette,
    );
    const colours = (fc: typeof a) =>
      Object.fromEntries(fc.features.map((f) => [f.properties.id, f.properties.color]));
    expect(colours(a)).toEqual({ '1': 'red', '2': 'green' });
    expect(colours(b)).toEqual(colours(a));
  });
});
