import { cellToBoundary, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { choroplethStops, rankChildren } from './choropleth';
import { crowdToGeoJson } from './crowd-cells';
import { countStates, devicesToGeoJson } from './device-geojson';
import { appendSample } from './live-series';
import { barOption, formatPercent } from './panel-options';
import { regionFromSearch, searchWithRegion } from './screen-url';
import type { ScreenChild } from './screen-types';
import { fitStage } from './stage-fit';

describe('devicesToGeoJson', () => {
  it('turns columns into points with their state and drops impossible coordinates', () => {
    const collection = devicesToGeoJson({
      generatedAt: '2026-01-01T00:00:00Z',
      count: 4,
      id: ['a', 'b', 'c', 'd'],
      lng: [121.4, 121.5, Number.NaN, 200],
      lat: [31.2, 31.3, 31.1, 31],
      state: [0, 2, 1, 1],
    });
    expect(collection.features.map((f) => [f.geometry.coordinates, f.properties.s])).toEqual([
      [[121.4, 31.2], 0],
      [[121.5, 31.3], 2],
    ]);
  });

  it('converts 100,000 devices quickly', () => {
    const n = 100_000;
    const columns = {
      generatedAt: '',
      count: n,
      id: Array.from({ length: n }, (_, i) => `d${i}`),
      lng: Array.from({ length: n }, (_, i) => 121 + (i % 1000) / 1000),
      lat: Array.from({ length: n }, (_, i) => 31 + Math.floor(i / 1000) / 100),
      state: Array.from({ length: n }, (_, i) => i % 3),
    };
    const started = performance.now();
    const collection = devicesToGeoJson(columns);
    const elapsed = performance.now() - started;
    expect(collection.features).toHaveLength(n);
    expect(countStates(columns)).toEqual({ online: 33_334, offline: 33_333, alerting: 33_333 });
    // Generous for a shared 2-core machine; typically ~20 ms.
    expect(elapsed).toBeLessThan(500);
  });
});

describe('crowdToGeoJson', () => {
  it('draws each valid H3 cell as its closed hexagon, weighted by the busiest cell', () => {
    const busy = latLngToCell(31.2304, 121.4737, 8);
    const quiet = latLngToCell(31.24, 121.5, 8);
    const collection = crowdToGeoJson({
      resolution: 8,
      cells: [
        { h3: busy, count: 200 },
        { h3: quiet, count: 50 },
        { h3: 'not-a-cell', count: 10 },
        { h3: latLngToCell(31.3, 121.4, 8), count: 0 },
      ],
    });
    expect(collection.features.map((f) => f.properties)).toEqual([
      { count: 200, weight: 1 },
      { count: 50, weight: 0.25 },
    ]);
    const ring = collection.features[0]?.geometry.coordinates[0] ?? [];
    expect(ring).toEqual(cellToBoundary(busy, true));
    expect(ring[0]).toEqual(ring.at(-1));
    // GeoJSON order: longitude first.
    expect(ring[0]?.[0]).toBeCloseTo(121.47, 1);
  });
});

describe('choropleth', () => {
  const child = (name: string, openCases: number, alerting = 0): ScreenChild => ({
    regionId: name,
    name,
    level: 'district',
    openCases,
    devices: 10,
    alerting,
  });

  it('scales its stops to the busiest sibling and keeps them increasing', () => {
    expect(choroplethStops([child('a', 0), child('b', 30)]).map(([v]) => v)).toEqual([
      0, 10, 20, 30,
    ]);
    const none = choroplethStops([]).map(([v]) => v);
    expect(none).toEqual([...none].sort((x, y) => x - y));
    expect(new Set(none).size).toBe(4);
  });

  it('ranks children by open cases, then alerting devices, then name', () => {
    expect(
      rankChildren([child('c', 1), child('a', 5), child('b', 1, 3)]).map((c) => c.name),
    ).toEqual(['a', 'b', 'c']);
  });
});

describe('appendSample', () => {
  it('keeps a time-ordered rolling window and ignores repeats from a catch-up', () => {
    let series = appendSample([], { t: 1000, v: 1 });
    series = appendSample(series, { t: 2000, v: 2 });
    series = appendSample(series, { t: 2000, v: 9 });
    series = appendSample(series, { t: 1500, v: 9 });
    expect(series).toEqual([
      { t: 1000, v: 1 },
      { t: 2000, v: 2 },
    ]);
    series = appendSample(series, { t: 5000, v: 5 }, { max: 10, windowMs: 3500 });
    expect(series.map((s) => s.t)).toEqual([2000, 5000]);
    series = appendSample(series, { t: 6000, v: 6 }, { max: 2 });
    expect(series.map((s) => s.t)).toEqual([5000, 6000]);
  });
});

describe('fitStage', () => {
  it('letterboxes 16:9 into a wider or taller window', () => {
    expect(fitStage(1920, 1080)).toEqual({ scale: 1, left: 0, top: 0 });
    expect(fitStage(3840, 1080)).toEqual({ scale: 1, left: 960, top: 0 });
    expect(fitStage(1280, 1024)).toEqual({ scale: 2 / 3, left: 0, top: 152 });
  });
});

describe('screen url', () => {
  it('reads and writes the drilled-down region, refusing junk', () => {
    expect(regionFromSearch(new URLSearchParams('region=310101'))).toBe('310101');
    expect(regionFromSearch(new URLSearchParams('region=<x>'))).toBeNull();
    expect(regionFromSearch(new URLSearchParams(''))).toBeNull();
    const params = new URLSearchParams('lang=en&region=310101');
    expect(searchWithRegion(params, '310104').toString()).toBe('lang=en&region=310104');
    expect(searchWithRegion(params, null).toString()).toBe('lang=en');
  });
});

describe('panel options', () => {
  it('shows a rate nobody can compute as a dash', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(0.8756)).toBe('87.6%');
  });

  it('keeps the largest bars, largest on top', () => {
    const option = barOption(
      [
        { name: 'a', value: 1 },
        { name: 'b', value: 5 },
        { name: 'c', value: 3 },
      ],
      '#fff',
      2,
    ) as { yAxis: { data: string[] }; series: [{ data: number[] }] };
    expect(option.yAxis.data).toEqual(['c', 'b']);
    expect(option.series[0].data).toEqual([3, 5]);
  });
});
