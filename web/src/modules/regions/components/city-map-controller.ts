import {
  Map as MapLibreMap,
  Marker,
  NavigationControl,
  setWorkerUrl,
  type GeoJSONSource,
  type MapMouseEvent,
  type MapOptions,
} from 'maplibre-gl';
// MapLibre 6 finds its worker next to its own module file, which a bundler moves; the
// worker is therefore shipped as a separate asset and its URL handed over explicitly.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { RegionLevel, RegionRef, RegionSummary } from '../../../shared/api/types';
import { getRegion, getRegionFeatures, listAllRegions } from '../api/regions-api';
import { visibleLabels, type Box } from '../lib/label-layout';
import {
  bboxOf,
  DARK_PALETTE,
  LIGHT_PALETTE,
  withColors,
  type BBox,
  type RegionFeature,
  type RegionFeatureCollection,
} from '../lib/region-features';

setWorkerUrl(workerUrl);

export type MapTheme = 'light' | 'dark';

export interface CityMapCallbacks {
  /** How many top-level (district) features the map has actually drawn. */
  onTopLevelCount(count: number): void;
  /** The drill-down path from the city: [] → [district] → [district, street] → [..., grid]. */
  onPathChange(path: RegionRef[]): void;
  onLoadingChange(loading: boolean): void;
  onError(error: unknown): void;
}

type DrillLevel = Exclude<RegionLevel, 'city'>;

const SOURCE: Readonly<Record<DrillLevel, string>> = {
  district: 'districts',
  street: 'streets',
  grid: 'grids',
};
const FILL_LAYER: Readonly<Record<DrillLevel, string>> = {
  district: 'district-fill',
  street: 'street-fill',
  grid: 'grid-fill',
};
/** Topmost first: a click inside a street is about the street, not its district. */
const CLICKABLE_LAYERS = [FILL_LAYER.grid, FILL_LAYER.street, FILL_LAYER.district];

interface ThemeColors {
  background: string;
  districtLine: string;
  streetFill: string;
  streetLine: string;
  gridFill: string;
  gridLine: string;
  palette: readonly string[];
}

const THEMES: Readonly<Record<MapTheme, ThemeColors>> = {
  light: {
    background: '#e6edf5',
    districtLine: '#ffffff',
    streetFill: '#ffffff',
    streetLine: '#1668dc',
    gridFill: '#faad14',
    gridLine: '#d46b08',
    palette: LIGHT_PALETTE,
  },
  dark: {
    background: '#030b1a',
    districtLine: '#5ec8ff',
    streetFill: '#38bdf8',
    streetLine: '#7dd3fc',
    gridFill: '#fbbf24',
    gridLine: '#fcd34d',
    palette: DARK_PALETTE,
  },
};

// Style types reached through exported names: MapLibre 6 does not re-export the style spec's.
type StyleSpecification = Exclude<MapOptions['style'], string | undefined>;
type FillLayer = Extract<StyleSpecification['layers'][number], { type: 'fill' }>;
type FillOpacity = NonNullable<FillLayer['paint']>['fill-opacity'];

/** Opacity that follows the feature state set on click (selected) and mouse-over (hover). */
function opacityByState(selected: number, hover: number, rest: number): FillOpacity {
  return [
    'case',
    ['boolean', ['feature-state', 'selected'], false],
    selected,
    ['boolean', ['feature-state', 'hover'], false],
    hover,
    rest,
  ];
}

const EMPTY: RegionFeatureCollection = { type: 'FeatureCollection', features: [] };

/**
 * A style with no outside sources: no tiles, no glyphs, no sprite. Everything drawn comes
 * from our own API, and names are HTML markers, so the map works on a closed network.
 */
function buildStyle(colors: ThemeColors): StyleSpecification {
  return {
    version: 8,
    sources: {
      [SOURCE.district]: { type: 'geojson', data: EMPTY, promoteId: 'id' },
      [SOURCE.street]: { type: 'geojson', data: EMPTY, promoteId: 'id' },
      [SOURCE.grid]: { type: 'geojson', data: EMPTY, promoteId: 'id' },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': colors.background } },
      {
        id: FILL_LAYER.district,
        type: 'fill',
        source: SOURCE.district,
        paint: {
          'fill-color': ['get', 'color'],
          'fill-opacity': opacityByState(0.95, 0.85, 0.7),
        },
      },
      {
        id: 'district-line',
        type: 'line',
        source: SOURCE.district,
        paint: { 'line-color': colors.districtLine, 'line-width': 1.5 },
      },
      {
        id: FILL_LAYER.street,
        type: 'fill',
        source: SOURCE.street,
        paint: {
          'fill-color': colors.streetFill,
          'fill-opacity': opacityByState(0.55, 0.35, 0.18),
        },
      },
      {
        id: 'street-line',
        type: 'line',
        source: SOURCE.street,
        paint: { 'line-color': colors.streetLine, 'line-width': 1 },
      },
      {
        id: FILL_LAYER.grid,
        type: 'fill',
        source: SOURCE.grid,
        paint: {
          'fill-color': colors.gridFill,
          // Nearly transparent, yet present, so a click inside a grid finds it.
          'fill-opacity': opacityByState(0.45, 0.2, 0.02),
        },
      },
      {
        id: 'grid-line',
        type: 'line',
        source: SOURCE.grid,
        paint: { 'line-color': colors.gridLine, 'line-width': 0.6 },
      },
    ],
  };
}

function padBBox([minLng, minLat, maxLng, maxLat]: BBox, ratio: number): BBox {
  const dx = (maxLng - minLng) * ratio;
  const dy = (maxLat - minLat) * ratio;
  return [minLng - dx, minLat - dy, maxLng + dx, maxLat + dy];
}

function refOf(feature: RegionFeature): RegionRef {
  return {
    id: feature.properties.id,
    name: feature.properties.name,
    level: feature.properties.level,
  };
}

function createLabel(region: RegionSummary, onClick: () => void): Marker {
  const element = document.createElement('div');
  element.className = `onecity-map-label onecity-map-label-${region.level}`;
  element.dataset.testid = `${region.level}-label`;
  element.dataset.regionId = region.id;
  element.textContent = region.name;
  element.addEventListener('click', (event) => {
    event.stopPropagation();
    onClick();
  });
  const [lng = 0, lat = 0] = region.centroid;
  return new Marker({ element, anchor: 'center' }).setLngLat([lng, lat]);
}

/**
 * The imperative half of <CityMap>: owns the MapLibre instance, its sources, labels and
 * drill-down state, so the React component only mounts it and mirrors its callbacks.
 */
export class CityMapController {
  private readonly map: MapLibreMap;
  private readonly colors: ThemeColors;
  private readonly abort = new AbortController();
  private readonly ready: Promise<void>;
  private districts: RegionFeatureCollection = EMPTY;
  private streets: RegionFeatureCollection = EMPTY;
  private grids: RegionFeatureCollection = EMPTY;
  private cityBBox: BBox | null = null;
  private districtLabels: Marker[] = [];
  private streetLabels: Marker[] = [];
  private path: RegionRef[] = [];
  private selected: { level: DrillLevel; id: string } | null = null;
  private hovered: { level: DrillLevel; id: string } | null = null;
  /** Bumped by every drill; a response for an older drill is dropped on arrival. */
  private generation = 0;
  private pending = 0;
  private drawnCount = -1;

  constructor(
    container: HTMLElement,
    theme: MapTheme,
    private readonly callbacks: CityMapCallbacks,
  ) {
    this.colors = THEMES[theme];
    this.map = new MapLibreMap({
      container,
      style: buildStyle(this.colors),
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      renderWorldCopies: false,
      center: [0, 0],
      zoom: 1,
    });
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    this.map.on('error', (event) => this.callbacks.onError(event.error));
    this.map.on('idle', () => this.reportDrawnCount());
    this.map.on('click', (event) => this.handleClick(event));
    this.map.on('mousemove', (event) => this.handleHover(event));
    this.map.on('moveend', () => this.cullStreetLabels());
    this.ready = this.map
      .once('load')
      .then(() => this.loadDistricts())
      .catch((error: unknown) => {
        if (!this.abort.signal.aborted) this.callbacks.onError(error);
      });
  }

  destroy(): void {
    this.abort.abort();
    for (const marker of [...this.districtLabels, ...this.streetLabels]) marker.remove();
    this.map.remove();
  }

  /** Back to the whole city. */
  async reset(): Promise<void> {
    await this.ready;
    this.generation += 1;
    this.clearLevel('street');
    this.clearLevel('grid');
    this.setSelected(null);
    this.setPath([]);
    if (this.cityBBox) this.fit(this.cityBBox);
  }

  /** Shows any region by id, loading the layers above it (used by the region tree). */
  async focus(regionId: string): Promise<void> {
    await this.ready;
    const generation = ++this.generation;
    const detail = await this.track(getRegion(regionId, this.abort.signal));
    if (generation !== this.generation) return;
    if (detail.level === 'city') return this.reset();
    const chain = [...detail.ancestors, { id: detail.id, name: detail.name, level: detail.level }];
    const district = chain.find((r) => r.level === 'district');
    const street = chain.find((r) => r.level === 'street');
    if (district) await this.drillDistrict(district.id, detail.level === 'district');
    if (street) await this.drillStreet(street.id, detail.level === 'street');
    if (detail.level === 'grid') this.selectGrid(detail.id);
    if (detail.level !== 'district' && detail.level !== 'street') this.fit(detail.bbox);
  }

  private async loadDistricts(): Promise<void> {
    const [features, summaries] = await this.track(
      Promise.all([
        getRegionFeatures({ level: 'district' }, this.abort.signal),
        listAllRegions({ level: 'district' }, this.abort.signal),
      ]),
    );
    this.districts = withColors(features, this.colors.palette);
    await this.sourceOf('district')?.setData(this.districts);
    this.districtLabels = summaries.map((region) =>
      createLabel(region, () => void this.drillDistrict(region.id, true)).addTo(this.map),
    );
    this.cityBBox = bboxOf(this.districts.features);
    if (this.cityBBox) {
      this.map.setMaxBounds(padBBox(this.cityBBox, 0.6));
      this.fit(this.cityBBox, 0);
    }
  }

  private async drillDistrict(districtId: string, fit: boolean): Promise<void> {
    const feature = this.districts.features.find((f) => f.properties.id === districtId);
    if (!feature) return;
    const generation = ++this.generation;
    this.setSelected({ level: 'district', id: districtId });
    this.setPath([refOf(feature)]);
    this.clearLevel('grid');
    if (fit) this.fitFeature(feature);
    if (this.streets.features[0]?.properties.parentId === districtId) return;
    this.clearLevel('street');
    const [streets, summaries] = await this.track(
      Promise.all([
        getRegionFeatures({ level: 'street', parent: districtId }, this.abort.signal),
        listAllRegions({ level: 'street', parent: districtId }, this.abort.signal),
      ]),
    );
    if (generation !== this.generation) return;
    this.streets = streets;
    await this.sourceOf('street')?.setData(streets);
    // Streets with more grids tend to be larger and keep their names when labels collide.
    const byGrids = [...summaries].sort((a, b) => b.childCount - a.childCount);
    this.streetLabels = byGrids.map((region) =>
      createLabel(region, () => void this.drillStreet(region.id, true)).addTo(this.map),
    );
    // The district's own name would sit on top of its streets' names.
    for (const label of this.districtLabels) {
      label.getElement().hidden = label.getElement().dataset.regionId === districtId;
    }
    this.cullStreetLabels();
  }

  /**
   * Street names are many and long; those that would cover a district name or a more
   * important street name are hidden until zooming in makes room for them.
   */
  private cullStreetLabels(): void {
    if (this.streetLabels.length === 0) return;
    const boxOf = (marker: Marker): Box => marker.getElement().getBoundingClientRect();
    const fixed = this.districtLabels.filter((m) => !m.getElement().hidden).map(boxOf);
    const shown = visibleLabels(this.streetLabels.map(boxOf), fixed);
    this.streetLabels.forEach((marker, i) => {
      marker.getElement().style.visibility = shown[i] ? '' : 'hidden';
    });
  }

  private async drillStreet(streetId: string, fit: boolean): Promise<void> {
    const feature = this.streets.features.find((f) => f.properties.id === streetId);
    if (!feature) return;
    const generation = ++this.generation;
    this.setSelected({ level: 'street', id: streetId });
    this.setPath([...this.path.filter((r) => r.level === 'district'), refOf(feature)]);
    if (fit) this.fitFeature(feature);
    if (this.grids.features[0]?.properties.parentId === streetId) return;
    this.clearLevel('grid');
    const grids = await this.track(
      getRegionFeatures({ level: 'grid', parent: streetId }, this.abort.signal),
    );
    if (generation !== this.generation) return;
    this.grids = grids;
    await this.sourceOf('grid')?.setData(grids);
  }

  private selectGrid(gridId: string): void {
    const feature = this.grids.features.find((f) => f.properties.id === gridId);
    if (!feature) return;
    this.setSelected({ level: 'grid', id: gridId });
    this.setPath([...this.path.filter((r) => r.level !== 'grid'), refOf(feature)]);
  }

  private handleClick(event: MapMouseEvent): void {
    const hit = this.featureAt(event);
    if (!hit) return;
    if (hit.level === 'district') void this.drillDistrict(hit.id, true).catch(this.reportError);
    else if (hit.level === 'street') void this.drillStreet(hit.id, true).catch(this.reportError);
    else this.selectGrid(hit.id);
  }

  private handleHover(event: MapMouseEvent): void {
    const hit = this.featureAt(event);
    this.map.getCanvas().style.cursor = hit ? 'pointer' : '';
    if (hit?.id === this.hovered?.id) return;
    if (this.hovered) this.setFeatureState(this.hovered, { hover: false });
    this.hovered = hit;
    if (hit) this.setFeatureState(hit, { hover: true });
  }

  private featureAt(event: MapMouseEvent): { level: DrillLevel; id: string } | null {
    const layers = CLICKABLE_LAYERS.filter((id) => this.map.getLayer(id));
    const [top] = this.map.queryRenderedFeatures(event.point, { layers });
    const id: unknown = top?.properties['id'];
    const level: unknown = top?.properties['level'];
    if (typeof id !== 'string') return null;
    if (level !== 'district' && level !== 'street' && level !== 'grid') return null;
    return { level, id };
  }

  private readonly reportError = (error: unknown): void => {
    if (!this.abort.signal.aborted) this.callbacks.onError(error);
  };

  private reportDrawnCount(): void {
    // Counted from what the renderer holds, not from what was fetched, so the number means
    // "drawn"; a feature split across tiles appears more than once, hence the Set.
    const ids = new Set<string>();
    for (const feature of this.map.querySourceFeatures(SOURCE.district)) {
      const id: unknown = feature.properties['id'];
      if (typeof id === 'string') ids.add(id);
    }
    if (ids.size === this.drawnCount) return;
    this.drawnCount = ids.size;
    this.callbacks.onTopLevelCount(ids.size);
  }

  private clearLevel(level: 'street' | 'grid'): void {
    if (level === 'street') {
      for (const marker of this.streetLabels) marker.remove();
      this.streetLabels = [];
      for (const label of this.districtLabels) label.getElement().hidden = false;
      this.streets = EMPTY;
    } else {
      this.grids = EMPTY;
    }
    void this.sourceOf(level)?.setData(EMPTY);
  }

  private setSelected(next: { level: DrillLevel; id: string } | null): void {
    if (this.selected) this.setFeatureState(this.selected, { selected: false });
    this.selected = next;
    if (next) this.setFeatureState(next, { selected: true });
  }

  private setFeatureState(
    target: { level: DrillLevel; id: string },
    state: Record<string, boolean>,
  ) {
    this.map.setFeatureState({ source: SOURCE[target.level], id: target.id }, state);
  }

  private setPath(path: RegionRef[]): void {
    this.path = path;
    this.callbacks.onPathChange(path);
  }

  private sourceOf(level: DrillLevel): GeoJSONSource | undefined {
    return this.map.getSource<GeoJSONSource>(SOURCE[level]);
  }

  private fitFeature(feature: RegionFeature): void {
    const box = bboxOf([feature]);
    if (box) this.fit(box);
  }

  private fit(box: BBox | readonly number[], duration = 600): void {
    const [minLng, minLat, maxLng, maxLat] = box;
    if (
      minLng === undefined ||
      minLat === undefined ||
      maxLng === undefined ||
      maxLat === undefined
    ) {
      return;
    }
    this.map.fitBounds(
      [
        [minLng, minLat],
        [maxLng, maxLat],
      ],
      { padding: 32, duration },
    );
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
