import {
  Map as MapLibreMap,
  Marker,
  setWorkerUrl,
  type GeoJSONSource,
  type MapMouseEvent,
  type MapOptions,
} from 'maplibre-gl';
// See city-map-controller.ts: the worker ships as its own asset and its URL is handed over.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { RegionSummary } from '../../../shared/api/types';
import { getRegionFeatures, listAllRegions } from '../../regions/api/regions-api';
import { bboxOf, type BBox, type RegionFeatureCollection } from '../../regions/lib/region-features';
import { choroplethStops } from '../lib/choropleth';
import type { CrowdCollection } from '../lib/crowd-cells';
import type { DeviceBuffer } from '../lib/device-buffer';
import { SCREEN_COLORS } from '../lib/panel-options';
import { DevicePointsLayer } from './device-points-layer';
import type { ScreenAlert, ScreenChild, ScreenLevel } from '../lib/screen-types';

setWorkerUrl(workerUrl);

type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;
type ChildLevel = Exclude<ScreenLevel, 'city'>;

const EMPTY = { type: 'FeatureCollection' as const, features: [] };
const CHILD_LEVEL: Readonly<Record<ScreenLevel, ChildLevel | null>> = {
  city: 'district',
  district: 'street',
  street: 'grid',
  grid: null,
};
/** Levels a click drills into: city → district → street; grids are shown, not opened. */
const DRILLABLE: ReadonlySet<string> = new Set(['district', 'street']);

function buildStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {
      children: { type: 'geojson', data: EMPTY, promoteId: 'id' },
      outline: { type: 'geojson', data: EMPTY },
      crowd: { type: 'geojson', data: EMPTY },
      alerts: { type: 'geojson', data: EMPTY },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#020817' } },
      {
        id: 'child-fill',
        type: 'fill',
        source: 'children',
        paint: {
          'fill-color': '#12305c',
          'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.95, 0.72],
        },
      },
      {
        id: 'child-line',
        type: 'line',
        source: 'children',
        paint: { 'line-color': '#5ec8ff', 'line-width': 1, 'line-opacity': 0.7 },
      },
      {
        id: 'outline-line',
        type: 'line',
        source: 'outline',
        paint: { 'line-color': '#7dd3fc', 'line-width': 2.5 },
      },
      {
        id: 'crowd-fill',
        type: 'fill',
        source: 'crowd',
        paint: {
          'fill-color': [
            'interpolate',
            ['linear'],
            ['get', 'weight'],
            0,
            '#facc15',
            0.5,
            '#f97316',
            1,
            '#dc2626',
          ],
          'fill-opacity': ['interpolate', ['linear'], ['get', 'weight'], 0, 0.25, 1, 0.7],
        },
      },
      {
        id: 'alert-pulse',
        type: 'circle',
        source: 'alerts',
        paint: {
          'circle-radius': 6,
          'circle-color': SCREEN_COLORS.alerting,
          'circle-opacity': 0.5,
          'circle-stroke-color': '#fecaca',
          'circle-stroke-width': 1,
          'circle-stroke-opacity': 0.6,
        },
      },
      {
        id: 'alert-core',
        type: 'circle',
        source: 'alerts',
        paint: {
          'circle-radius': 4,
          'circle-color': '#fee2e2',
          'circle-stroke-color': SCREEN_COLORS.alerting,
          'circle-stroke-width': 2,
        },
      },
    ],
  };
}

export interface ScreenMapCallbacks {
  /** A child region was clicked (a district at city level, a street in a district). */
  onDrill(regionId: string): void;
  /** The polygons, and the devices, have been drawn with data for the first time. */
  onFirstDraw(): void;
  onDrawnChildren(count: number): void;
  onError(error: unknown): void;
}

interface ShownRegion {
  id: string;
  level: ScreenLevel;
  /** The region's parent, to outline the region itself from its siblings' polygons. */
  parentId: string | null;
}

/**
 * The big screen's map: the children of the shown region as a choropleth of open cases, the
 * region's outline, crowd hexagons, device dots and pulsing alerts. All drawn from our own
 * API with no tiles, glyphs or sprites (names are HTML markers).
 */
export class ScreenMapController {
  private readonly map: MapLibreMap;
  private readonly abort = new AbortController();
  private readonly loaded: Promise<void>;
  private readonly devices = new DevicePointsLayer('devices');
  private readonly featureCache = new Map<string, Promise<RegionFeatureCollection>>();
  private labels: Marker[] = [];
  private childIds = new Set<string>();
  private children: readonly ScreenChild[] = [];
  private hovered: string | null = null;
  private generation = 0;
  private regionDrawn = false;
  private devicesDrawn = false;
  private firstDrawReported = false;
  private pulseFrame = 0;
  private lastPulse = 0;
  private lastDrawnCheck = 0;
  private firstDrawPending = false;
  private drawnCheckQueued = false;
  private alertCount = 0;
  private drawnChildren = -1;

  constructor(
    container: HTMLElement,
    private readonly callbacks: ScreenMapCallbacks,
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
    this.map.on('error', (event) => this.reportError(event.error));
    this.map.on('click', (event) => this.handleClick(event));
    this.map.on('mousemove', (event) => this.handleHover(event));
    // Not 'idle': while an alert pulses the map never idles. Checked on drawn frames instead,
    // at most twice a second, once every tile is in.
    this.map.on('render', () => this.afterRender());
    this.devices.onDrawn = () => {
      this.devicesDrawn = true;
      this.maybeReportFirstDraw();
    };
    this.loaded = this.map.once('load').then(() => {
      // Above the crowd hexagons, under the pulsing alerts.
      this.map.addLayer(this.devices, 'alert-pulse');
    });
  }

  destroy(): void {
    this.abort.abort();
    cancelAnimationFrame(this.pulseFrame);
    for (const label of this.labels) label.remove();
    this.map.remove();
  }

  /** Shows a region: its children's polygons, labels and outline, fitted to the view. */
  async showRegion(region: ShownRegion): Promise<void> {
    const generation = ++this.generation;
    const childLevel = CHILD_LEVEL[region.level];
    // Fetched while the map is still starting, not after.
    const [children, summaries, siblings] = await Promise.all([
      childLevel ? this.features(childLevel, region.level === 'city' ? null : region.id) : EMPTY,
      childLevel && childLevel !== 'grid'
        ? listAllRegions(
            region.level === 'city'
              ? { level: childLevel }
              : { level: childLevel, parent: region.id },
            this.abort.signal,
          )
        : Promise.resolve([] as RegionSummary[]),
      region.level === 'city' ? EMPTY : this.features(region.level, region.parentId),
    ]);
    await this.loaded;
    if (generation !== this.generation || this.abort.signal.aborted) return;
    this.childIds = new Set(children.features.map((f) => f.properties.id));
    this.hovered = null;
    await this.source('children')?.setData(children);
    const own = siblings.features.filter((f) => f.properties.id === region.id);
    await this.source('outline')?.setData({ type: 'FeatureCollection', features: own });
    this.applyChildren();
    this.placeLabels(summaries);
    const box: BBox | null = bboxOf(children.features) ?? bboxOf(own);
    if (box) {
      this.map.fitBounds(
        [
          [box[0], box[1]],
          [box[2], box[3]],
        ],
        { padding: 36, duration: this.regionDrawn ? 700 : 0 },
      );
    }
    this.regionDrawn = true;
    this.drawnChildren = -1;
    this.maybeReportFirstDraw();
  }

  /** Open cases per child, as the fill colour; scaled to the busiest sibling. */
  setChildren(children: readonly ScreenChild[]): void {
    this.children = children;
    this.applyChildren();
  }

  async setDevices(devices: DeviceBuffer): Promise<void> {
    await this.loaded;
    this.devices.setData(devices);
  }

  async setCrowd(crowd: CrowdCollection): Promise<void> {
    await this.loaded;
    await this.source('crowd')?.setData(crowd);
  }

  async setAlerts(alerts: readonly ScreenAlert[]): Promise<void> {
    await this.loaded;
    await this.source('alerts')?.setData({
      type: 'FeatureCollection',
      features: alerts.flatMap((alert) =>
        alert.lng === null || alert.lat === null
          ? []
          : [
              {
                type: 'Feature' as const,
                geometry: { type: 'Point' as const, coordinates: [alert.lng, alert.lat] },
                properties: { id: alert.id, severity: alert.severity },
              },
            ],
      ),
    });
    this.alertCount = alerts.length;
    if (alerts.length > 0 && this.pulseFrame === 0) this.pulse();
  }

  /**
   * Alerts breathe: a ring grows and fades every 1.6 s. Only the pulse layer's paint changes,
   * so no data is re-tiled; the loop stops while there is no alert to draw.
   */
  private pulse = (): void => {
    if (this.abort.signal.aborted || this.alertCount === 0) {
      this.pulseFrame = 0;
      return;
    }
    const now = performance.now();
    // About 15 frames a second is smooth enough for a breathing ring, and every frame redraws
    // all layers (100,000 dots included), so the rest are skipped.
    if (now - this.lastPulse < 66) {
      this.pulseFrame = requestAnimationFrame(this.pulse);
      return;
    }
    this.lastPulse = now;
    const phase = (now % 1600) / 1600;
    if (this.map.getLayer('alert-pulse')) {
      this.map.setPaintProperty('alert-pulse', 'circle-radius', 6 + phase * 18);
      this.map.setPaintProperty('alert-pulse', 'circle-opacity', 0.55 * (1 - phase));
      this.map.setPaintProperty('alert-pulse', 'circle-stroke-opacity', 0.8 * (1 - phase));
    }
    this.pulseFrame = requestAnimationFrame(this.pulse);
  };

  private applyChildren(): void {
    if (!this.map.getLayer('child-fill')) return;
    const stops = choroplethStops(this.children);
    this.map.setPaintProperty('child-fill', 'fill-color', [
      'interpolate',
      ['linear'],
      ['coalesce', ['feature-state', 'openCases'], 0],
      ...stops.flat(),
    ]);
    for (const child of this.children) {
      if (!this.childIds.has(child.regionId)) continue;
      this.map.setFeatureState(
        { source: 'children', id: child.regionId },
        { openCases: child.openCases },
      );
    }
  }

  private placeLabels(summaries: readonly RegionSummary[]): void {
    for (const label of this.labels) label.remove();
    this.labels = summaries.map((region) => {
      const element = document.createElement('div');
      element.className = `onecity-screen-map-label onecity-screen-map-label-${region.level}`;
      element.textContent = region.name;
      element.dataset.regionId = region.id;
      element.addEventListener('click', (event) => {
        event.stopPropagation();
        this.callbacks.onDrill(region.id);
      });
      const [lng = 0, lat = 0] = region.centroid;
      return new Marker({ element, anchor: 'center' }).setLngLat([lng, lat]).addTo(this.map);
    });
  }

  private features(level: ChildLevel, parent: string | null): Promise<RegionFeatureCollection> {
    const key = `${level}:${parent ?? ''}`;
    let cached = this.featureCache.get(key);
    if (!cached) {
      cached = getRegionFeatures(parent ? { level, parent } : { level }, this.abort.signal);
      // A failed load is not kept, so the next drill tries again.
      cached.catch(() => this.featureCache.delete(key));
      this.featureCache.set(key, cached);
    }
    return cached;
  }

  private childAt(event: MapMouseEvent): { id: string; level: string } | null {
    if (!this.map.getLayer('child-fill')) return null;
    const [top] = this.map.queryRenderedFeatures(event.point, { layers: ['child-fill'] });
    const id: unknown = top?.properties['id'];
    const level: unknown = top?.properties['level'];
    return typeof id === 'string' && typeof level === 'string' ? { id, level } : null;
  }

  private handleClick(event: MapMouseEvent): void {
    const hit = this.childAt(event);
    if (hit && DRILLABLE.has(hit.level)) this.callbacks.onDrill(hit.id);
  }

  private handleHover(event: MapMouseEvent): void {
    const hit = this.childAt(event);
    this.map.getCanvas().style.cursor = hit && DRILLABLE.has(hit.level) ? 'pointer' : '';
    const id = hit?.id ?? null;
    if (id === this.hovered) return;
    if (this.hovered)
      this.map.setFeatureState({ source: 'children', id: this.hovered }, { hover: false });
    this.hovered = id;
    if (id) this.map.setFeatureState({ source: 'children', id }, { hover: true });
  }

  private maybeReportFirstDraw(): void {
    if (this.firstDrawReported || !this.regionDrawn || !this.devicesDrawn) return;
    this.firstDrawReported = true;
    this.firstDrawPending = true;
    this.map.triggerRepaint();
  }

  private afterRender(): void {
    const now = performance.now();
    const settled = this.map.areTilesLoaded() && this.map.isSourceLoaded('children');
    if (!settled) return;
    if (this.firstDrawPending) {
      // This frame was drawn with the devices and every tile of the polygons in place.
      this.firstDrawPending = false;
      this.callbacks.onFirstDraw();
    }
    if (now - this.lastDrawnCheck < 500) {
      // A later frame reports it; make sure one comes even when nothing else moves.
      if (!this.drawnCheckQueued) {
        this.drawnCheckQueued = true;
        setTimeout(() => {
          this.drawnCheckQueued = false;
          if (!this.abort.signal.aborted) this.map.triggerRepaint();
        }, 500);
      }
      return;
    }
    this.lastDrawnCheck = now;
    this.reportDrawn();
  }

  private reportDrawn(): void {
    const ids = new Set<string>();
    // Rendered, not merely loaded: counts what is on the screen.
    for (const feature of this.map.queryRenderedFeatures({ layers: ['child-fill'] })) {
      const id: unknown = feature.properties['id'];
      if (typeof id === 'string') ids.add(id);
    }
    if (ids.size === this.drawnChildren) return;
    this.drawnChildren = ids.size;
    this.callbacks.onDrawnChildren(ids.size);
  }

  private readonly reportError = (error: unknown): void => {
    if (!this.abort.signal.aborted) this.callbacks.onError(error);
  };

  private source(id: string): GeoJSONSource | undefined {
    return this.map.getSource<GeoJSONSource>(id);
  }
}
