import {
  Map as MapLibreMap,
  NavigationControl,
  setWorkerUrl,
  type GeoJSONSource,
  type MapOptions,
} from 'maplibre-gl';
// See city-map-controller.ts: the worker ships as its own asset and its URL is handed over.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { getRegionFeatures } from '../../regions/api/regions-api';
import {
  bboxOf,
  LIGHT_PALETTE,
  withColors,
  type BBox,
  type RegionFeatureCollection,
} from '../../regions/lib/region-features';

setWorkerUrl(workerUrl);

type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;

const EMPTY = { type: 'FeatureCollection' as const, features: [] };
const CASE_COLOR = '#cf1322';

/** Our own district and grid polygons under the case's point: no tiles, glyphs or sprites. */
function buildStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {
      districts: { type: 'geojson', data: EMPTY, promoteId: 'id' },
      neighbours: { type: 'geojson', data: EMPTY, promoteId: 'id' },
      grid: { type: 'geojson', data: EMPTY, promoteId: 'id' },
      point: { type: 'geojson', data: EMPTY },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#e6edf5' } },
      {
        id: 'district-fill',
        type: 'fill',
        source: 'districts',
        paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.45 },
      },
      {
        id: 'district-line',
        type: 'line',
        source: 'districts',
        paint: { 'line-color': '#ffffff', 'line-width': 1.5 },
      },
      {
        id: 'neighbour-line',
        type: 'line',
        source: 'neighbours',
        paint: { 'line-color': '#8c8c8c', 'line-width': 0.7, 'line-opacity': 0.7 },
      },
      {
        id: 'grid-fill',
        type: 'fill',
        source: 'grid',
        paint: { 'fill-color': '#faad14', 'fill-opacity': 0.3 },
      },
      {
        id: 'grid-line',
        type: 'line',
        source: 'grid',
        paint: { 'line-color': '#d46b08', 'line-width': 2 },
      },
      {
        id: 'point-halo',
        type: 'circle',
        source: 'point',
        paint: { 'circle-radius': 14, 'circle-color': CASE_COLOR, 'circle-opacity': 0.2 },
      },
      {
        id: 'point',
        type: 'circle',
        source: 'point',
        paint: {
          'circle-radius': 7,
          'circle-color': CASE_COLOR,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      },
    ],
  };
}

export interface CaseMapCallbacks {
  onLoadingChange(loading: boolean): void;
  onError(error: unknown): void;
  /** A tap on the map, when picking is on. */
  onPick?(point: { lng: number; lat: number }): void;
}

export interface GridRef {
  streetId: string;
  gridId: string;
}

/**
 * The imperative half of <CaseMap>: the districts underneath, one grid outlined, one point.
 * Built like the device map (our own polygons from the regions API) because <CityMap>'s
 * drill-down has no place for a case's point or a tap to pick one.
 */
export class CaseMapController {
  private readonly map: MapLibreMap;
  private readonly abort = new AbortController();
  private readonly ready: Promise<BBox | null>;
  private pending = 0;
  /** Bumped by every grid request; a slower older answer changes nothing. */
  private generation = 0;
  private gridBox: BBox | null = null;
  private point: [number, number] | null = null;

  constructor(
    container: HTMLElement,
    private readonly callbacks: CaseMapCallbacks,
  ) {
    this.map = new MapLibreMap({
      container,
      style: buildStyle(),
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      renderWorldCopies: false,
      center: [121.47, 31.23],
      zoom: 8,
    });
    const map = this.map;
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.on('error', (event) => this.report(event.error));
    if (callbacks.onPick) {
      map.getCanvas().style.cursor = 'crosshair';
      map.on('click', (event) =>
        callbacks.onPick?.({ lng: event.lngLat.lng, lat: event.lngLat.lat }),
      );
    }
    this.ready = this.track(
      map
        .once('load')
        .then(() => getRegionFeatures({ level: 'district' }, this.abort.signal))
        .then(async (districts) => {
          const colored = withColors(districts, LIGHT_PALETTE);
          await map.getSource<GeoJSONSource>('districts')?.setData(colored);
          const box = bboxOf(colored.features);
          if (box && !this.point && !this.gridBox) this.fit(box, 0);
          return box;
        }),
    ).catch((error: unknown) => {
      this.report(error);
      return null;
    });
  }

  /** Puts the case's point on the map (or takes it away) and brings it into view. */
  async setPoint(point: { lng: number; lat: number } | null): Promise<void> {
    await this.ready;
    if (this.abort.signal.aborted) return;
    this.point = point ? [point.lng, point.lat] : null;
    const data = point
      ? {
          type: 'FeatureCollection' as const,
          features: [
            {
              type: 'Feature' as const,
              geometry: { type: 'Point' as const, coordinates: [point.lng, point.lat] },
              properties: {},
            },
          ],
        }
      : EMPTY;
    await this.map.getSource<GeoJSONSource>('point')?.setData(data);
    if (point && !this.gridContains(point)) {
      this.map.easeTo({ center: [point.lng, point.lat], zoom: Math.max(this.map.getZoom(), 14) });
    }
  }

  /** Outlines the case's grid, loaded with its street's grids, and fits the view to it. */
  async showGrid(ref: GridRef | null): Promise<void> {
    const generation = ++this.generation;
    await this.ready;
    if (!ref) {
      this.gridBox = null;
      await this.map.getSource<GeoJSONSource>('grid')?.setData(EMPTY);
      await this.map.getSource<GeoJSONSource>('neighbours')?.setData(EMPTY);
      return;
    }
    const grids = await this.track(
      getRegionFeatures({ level: 'grid', parent: ref.streetId }, this.abort.signal),
    );
    if (generation !== this.generation || this.abort.signal.aborted) return;
    const grid: RegionFeatureCollection = {
      type: 'FeatureCollection',
      features: grids.features.filter((f) => f.properties.id === ref.gridId),
    };
    // The street's other grids, faintly, so the case's grid is seen among its neighbours.
    await this.map.getSource<GeoJSONSource>('neighbours')?.setData(grids);
    await this.map.getSource<GeoJSONSource>('grid')?.setData(grid);
    this.gridBox = bboxOf(grid.features);
    if (this.gridBox) this.fit(this.gridBox, 500);
  }

  destroy(): void {
    this.abort.abort();
    this.map.remove();
  }

  private gridContains(point: { lng: number; lat: number }): boolean {
    const box = this.gridBox;
    return (
      !!box &&
      point.lng >= box[0] &&
      point.lng <= box[2] &&
      point.lat >= box[1] &&
      point.lat <= box[3]
    );
  }

  private fit([minLng, minLat, maxLng, maxLat]: BBox, duration: number): void {
    this.map.fitBounds(
      [
        [minLng, minLat],
        [maxLng, maxLat],
      ],
      { padding: 56, duration, maxZoom: 16 },
    );
  }

  private report(error: unknown): void {
    if (!this.abort.signal.aborted) this.callbacks.onError(error);
  }

  private async track<T>(work: Promise<T>): Promise<T> {
    this.pending += 1;
    if (this.pending === 1) this.callbacks.onLoadingChange(true);
    try {
      return await work;
    } finally {
      this.pending -= 1;
      if (this.pending === 0 && !this.abort.signal.aborted) this.callbacks.onLoadingChange(false);
    }
  }
}
