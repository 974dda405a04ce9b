import {
  Map as MapLibreMap,
  NavigationControl,
  Popup,
  setWorkerUrl,
  type GeoJSONSource,
  type MapOptions,
} from 'maplibre-gl';
// See city-map-controller.ts: the worker ships as its own asset and its URL is handed over.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { getRegionFeatures } from '../../regions/api/regions-api';
import { bboxOf, LIGHT_PALETTE, withColors } from '../../regions/lib/region-features';
import { pointsBBox, type DevicePoints, type LngLatBox } from '../lib/device-map';

setWorkerUrl(workerUrl);

type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;

const EMPTY = { type: 'FeatureCollection' as const, features: [] };
const ONLINE = '#389e0d';
const OFFLINE = '#8c8c8c';

/** Our own district polygons under the device points: no tiles, glyphs or sprites. */
function buildStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {
      districts: { type: 'geojson', data: EMPTY, promoteId: 'id' },
      devices: { type: 'geojson', data: EMPTY },
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
        id: 'devices',
        type: 'circle',
        source: 'devices',
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 2.5, 12, 5, 16, 8],
          'circle-color': ['case', ['get', 'online'], ONLINE, OFFLINE],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1,
        },
      },
    ],
  };
}

export interface DeviceMapCallbacks {
  onLoadingChange(loading: boolean): void;
  onError(error: unknown): void;
  /** How many device points the map holds now. */
  onDrawn(count: number): void;
  onOpen(deviceId: string): void;
}

/**
 * The imperative half of <DeviceMap>: one MapLibre map with the districts underneath and
 * the devices on top. Hovering names a device, clicking opens it.
 */
export class DeviceMapController {
  private readonly map: MapLibreMap;
  private readonly abort = new AbortController();
  private readonly ready: Promise<LngLatBox | null>;
  private readonly popup = new Popup({ closeButton: false, closeOnClick: false, offset: 8 });
  /** Bumped by every setPoints; an older call that finishes late changes nothing. */
  private generation = 0;

  constructor(
    container: HTMLElement,
    private readonly callbacks: DeviceMapCallbacks,
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
    map.on('error', (event) => this.callbacks.onError(event.error));
    map.on('mousemove', 'devices', (event) => {
      const name: unknown = event.features?.[0]?.properties['name'];
      if (typeof name !== 'string') return;
      map.getCanvas().style.cursor = 'pointer';
      this.popup.setLngLat(event.lngLat).setText(name).addTo(map);
    });
    map.on('mouseleave', 'devices', () => {
      map.getCanvas().style.cursor = '';
      this.popup.remove();
    });
    map.on('click', 'devices', (event) => {
      const id: unknown = event.features?.[0]?.properties['id'];
      if (typeof id === 'string') this.callbacks.onOpen(id);
    });
    this.callbacks.onLoadingChange(true);
    this.ready = map
      .once('load')
      .then(() => getRegionFeatures({ level: 'district' }, this.abort.signal))
      .then(async (districts) => {
        const colored = withColors(districts, LIGHT_PALETTE);
        await map.getSource<GeoJSONSource>('districts')?.setData(colored);
        return bboxOf(colored.features);
      })
      .catch((error: unknown) => {
        if (!this.abort.signal.aborted) this.callbacks.onError(error);
        return null;
      })
      .finally(() => {
        if (!this.abort.signal.aborted) this.callbacks.onLoadingChange(false);
      });
  }

  async setPoints(points: DevicePoints): Promise<void> {
    const generation = ++this.generation;
    const cityBox = await this.ready;
    if (generation !== this.generation || this.abort.signal.aborted) return;
    await this.map.getSource<GeoJSONSource>('devices')?.setData(points);
    if (generation !== this.generation || this.abort.signal.aborted) return;
    this.callbacks.onDrawn(points.features.length);
    const box = pointsBBox(points) ?? cityBox;
    if (box) this.fit(box);
  }

  destroy(): void {
    this.abort.abort();
    this.popup.remove();
    this.map.remove();
  }

  private fit([minLng, minLat, maxLng, maxLat]: LngLatBox): void {
    this.map.fitBounds(
      [
        [minLng, minLat],
        [maxLng, maxLat],
      ],
      { padding: 40, duration: 400, maxZoom: 15 },
    );
  }
}
