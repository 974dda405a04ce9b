import { cellToBoundary, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { choroplethStops, rankChildren } from './choropleth';
import { crowdToGeoJson } from './crowd-cells';
import { dotDiameter, packDevices, toMercator } from './device-buffer';
import { appendSample } from './live-series';
import { barOption, formatPercent, LIVE_WINDOW_MS, liveLineOption } from './panel-options';
import { regionFromSearch, searchWithRegion } from './screen-url';
import type { ScreenChild } from './screen-types';
import { fitStage } from './stage-fit';

describe('packDevices', () => {
  it('packs [x, y, state] in mercator units, alerting last, dropping impossible coordinates', () => {
    const { data, count } = packDevices({
      lng: [0, 121.5, Number.NaN, 200, -180],
      lat: [0, 31.3, 31.1, 31, 85.051129],
      state: [2, 0, 1, 1, 1],
    });
    expect(count).toBe(3);
    const rows = Array.from({ length: count }, (_, i) => Array.from(data.slice(i * 3, i * 3 + 3)));
    expect(rows.map((r) => r[2])).toEqual([0, 1, 2]);
    expect(rows[2]?.[0]).toBeCloseTo(0.5, 6);
    expect(rows[2]?.[1]).toBeCloseTo(0.5, 6);
    expect(rows[1]?.[0]).toBeCloseTo(0, 6);
    expect(rows[1]?.[1]).toBeCloseTo(0, 5);
    const [x, y] = toMercator(121.5, 31.3);
    expect(rows[0]?.[0]).toBeCloseTo(x, 6);
    expect(rows[0]?.[1]).toBeCloseTo(y, 6);
    expect(x).toBeCloseTo((121.5 + 180) / 360, 9);
    expect(y).toBeLessThan(0.5);
  });

  it('packs 100,000 devices quickly', () => {
    const n = 100_000;
    const columns = {
      lng: Array.from({ length: n }, (_, i) => 121 + (i % 1000) / 1000),
      lat: Array.from({ length: n }, (_, i) => 31 + Math.floor(i / 1000) / 100),
      state: Array.from({ length: n }, (_, i) => i % 3),
    };
    const started = performance.now();
    const { count, data } = packDevices(columns);
    const elapsed = performance.now() - started;
    expect(count).toBe(n);
    expect(data.length).toBe(n * 3);
    // Generous for a shared 2-core machine; typically ~15 ms.
    expect(elapsed).toBeLessThan(500);
  });

  it('grows dots with the zoom, within bounds', () => {
    expect(dotDiameter(5)).toBe(2.4);
    expect(dotDiameter(11)).toBeCloseTo(4.4);
    expect(dotDiameter(12.5)).toBeCloseTo(6.2);
    expect(dotDiameter(20)).toBe(14);
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

  it('bounds the live line to the last minutes so one sample does not span days', () => {
    const option = liveLineOption(
      [
        { t: 1_000_000, v: 3 },
        { t: 1_002_000, v: 4 },
      ],
      'r/s',
    ) as { xAxis: { min: number; max: number }; series: [{ data: number[][] }] };
    expect(option.xAxis.max).toBe(1_002_000);
    expect(option.xAxis.min).toBe(1_002_000 - LIVE_WINDOW_MS);
    expect(option.series[0].data).toEqual([
      [1_000_000, 3],
      [1_002_000, 4],
    ]);
  });
});
