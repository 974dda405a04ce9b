import type { Logger } from 'pino';
import type { RegionsService } from '../regions/index.ts';
import type {
  AlertFiguresPart,
  DeviceCensus,
  CaseFiguresPart,
  DeviceFiguresPart,
  ScreenFigures,
  ScreenRegion,
} from './screen-figures.ts';
import type { ScreenAlerts, ScreenCrowd, ScreenOverview } from './screen.schemas.ts';
import type { DeviceLayer } from './device-layer.ts';
import type { ScreenChange } from './screen-changes.consumer.ts';
import { sseFrame, type ScreenSubscriber } from './screen-stream.ts';

/** Device layers are rebuilt from the registry at least this often (a missed event heals). */
const LAYER_REBUILD_MS = 10 * 60_000;
/** A bulk import arrives as many events: rebuild once it has been quiet this long. */
const LAYOUT_SETTLE_MS = 5_000;

/** The parts of an overview that change independently; an event dirties only its own. */
export const sections = ['devices', 'alerts', 'cases', 'services', 'citycode', 'rate'] as const;
export type Section = (typeof sections)[number];

export interface AggregatorOptions {
  /** At most one computation per region per this many ms (bursts coalesce). */
  coalesceMs: number;
  /**
   * The device census (one grouped scan of the registry for all regions) runs at most this
   * often while devices come and go: with 100,000 devices online flags change all the time.
   */
  censusEveryMs: number;
  /** Readings per second are re-read (from memory) this often for watched regions. */
  rateEveryMs: number;
  /** Scans and applications have no per-change event here: re-read this often. */
  pollEveryMs: number;
  /** Everything is recomputed this often anyway (the day rolls over, a missed event). */
  fullEveryMs: number;
  heartbeatMs: number;
  /** Cached figures of regions nobody watches are dropped after this long. */
  idleMs: number;
}

export const defaultAggregatorOptions: AggregatorOptions = {
  coalesceMs: 500,
  censusEveryMs: 2_000,
  rateEveryMs: 5_000,
  pollEveryMs: 15_000,
  fullEveryMs: 60_000,
  heartbeatMs: 15_000,
  idleMs: 60_000,
};

interface Parts {
  devices?: DeviceFiguresPart;
  alerts?: AlertFiguresPart;
  cases?: CaseFiguresPart;
  services?: ScreenOverview['services'];
  citycode?: ScreenOverview['citycode'];
  rate?: number;
}

interface RegionEntry {
  region: ScreenRegion;
  subscribers: Set<ScreenSubscriber>;
  parts: Parts;
  dirty: Set<Section>;
  overview: ScreenOverview | null;
  /** The overview's numbers without seq and time: what "changed" compares. */
  body: string;
  overviewFrame: string;
  alerts: ScreenAlerts | null;
  alertsBody: string;
  alertsFrame: string;
  alertsDirty: boolean;
  layer: DeviceLayer | null;
  /** Devices were added, moved or removed since the layer was built. */
  layerLayoutStale: boolean;
  /** Alerts changed since the layer's alerting set was read. */
  layerAlertsStale: boolean;
  layerLoading: Promise<DeviceLayer> | null;
  crowd: { value: ScreenCrowd; at: number } | null;
  timer: NodeJS.Timeout | null;
  computing: Promise<void> | null;
  computedAt: number;
  usedAt: number;
}

/**
 * The big screen's shared aggregates. Figures are computed once per region per change, kept,
 * and the same serialized frame goes to every screen watching that region: twenty screens
 * cost what one does. Events dirty sections of the regions they touch; a dirty watched region
 * recomputes those sections at most every `coalesceMs`, and pushes only when a number moved.
 */
export class ScreenAggregator {
  private readonly entries = new Map<string, RegionEntry>();
  private readonly intervals: NodeJS.Timeout[] = [];
  private lastSeq = 0;
  private layoutTimer: NodeJS.Timeout | null = null;
  private readonly census: {
    value: DeviceCensus | null;
    at: number;
    stale: boolean;
    loading: Promise<DeviceCensus> | null;
    timer: NodeJS.Timeout | null;
  } = { value: null, at: 0, stale: true, loading: null, timer: null };
  private closed = false;
  /** How many section computations ran (tests and the benchmark read it). */
  computations = 0;

  constructor(
    private readonly figures: ScreenFigures,
    private readonly regions: RegionsService,
    private readonly log: Logger,
    private readonly options: AggregatorOptions = defaultAggregatorOptions,
  ) {}

  /** Starts the periodic refreshes and the heartbeat. */
  start(): void {
    const every = (ms: number, work: () => void) => {
      const timer = setInterval(work, ms);
      timer.unref();
      this.intervals.push(timer);
    };
    every(this.options.rateEveryMs, () => this.dirtyWatched(['rate']));
    every(this.options.pollEveryMs, () => this.dirtyWatched(['citycode', 'services']));
    every(this.options.fullEveryMs, () => {
      this.census.stale = true;
      this.dirtyWatched([...sections]);
    });
    every(this.options.heartbeatMs, () => {
      for (const entry of this.entries.values()) for (const s of entry.subscribers) s.ping();
    });
    every(this.options.idleMs, () => this.evictIdle());
  }

  /** The region's overview, from the cache when nothing changed since it was computed. */
  async overview(regionId: string): Promise<ScreenOverview> {
    const entry = this.requested(regionId);
    await this.refresh(entry);
    return entry.overview as ScreenOverview;
  }

  async alertList(regionId: string): Promise<ScreenAlerts> {
    const entry = this.requested(regionId);
    await this.refresh(entry);
    return entry.alerts as ScreenAlerts;
  }

  /** The located devices as serialized columns, from the region's device layer. */
  async devicePoints(regionId: string, withIds = true): Promise<{ body: Buffer; count: number }> {
    const entry = this.entry(regionId);
    const layer = await this.deviceLayer(entry);
    return { body: layer.bytes(Date.now(), withIds), count: layer.count };
  }

  /** Everything a change means: dirty sections, and the map's dots. */
  apply(change: ScreenChange): void {
    if (change.connectivity) {
      const { deviceId, online } = change.connectivity;
      for (const entry of this.entries.values()) entry.layer?.setOnline(deviceId, online);
    }
    if (change.layout) {
      for (const entry of this.entries.values()) entry.layerLayoutStale = true;
      this.rebuildLayersSoon();
    }
    this.changed(change.regionIds, change.sections);
  }

  /** Computes a region's figures and device layer in the background (after start). */
  warm(regionId: string): void {
    const entry = this.entry(regionId);
    this.refresh(entry)
      .then(() => this.deviceLayer(entry))
      .catch((error: Error) => this.log.warn({ err: error.message }, 'screen warm-up failed'));
  }

  /**
   * Devices were added or moved: once the import settles, the layers screens use (and the
   * city's) are rebuilt in the background, so the next screen to load does not wait for it.
   */
  private rebuildLayersSoon(): void {
    if (this.closed) return;
    if (this.layoutTimer) clearTimeout(this.layoutTimer);
    this.layoutTimer = setTimeout(() => {
      this.layoutTimer = null;
      for (const entry of this.entries.values()) {
        if (!entry.layer || !entry.layerLayoutStale) continue;
        if (entry.subscribers.size === 0 && entry.region.id !== this.regions.rootId) continue;
        this.deviceLayer(entry).catch((error: Error) =>
          this.log.warn({ err: error.message }, 'device layer rebuild failed'),
        );
      }
    }, LAYOUT_SETTLE_MS);
    this.layoutTimer.unref();
  }

  private async deviceLayer(entry: RegionEntry): Promise<DeviceLayer> {
    while (entry.layerLoading) await entry.layerLoading;
    const old = entry.layer;
    const expired = old !== null && Date.now() - old.builtAt > LAYER_REBUILD_MS;
    if (old && !entry.layerLayoutStale && !expired) {
      if (entry.layerAlertsStale) {
        entry.layerAlertsStale = false;
        old.setAlerting(await this.figures.alertingDevices(entry.region));
      }
      return old;
    }
    entry.layerLayoutStale = false;
    entry.layerAlertsStale = false;
    entry.layerLoading = this.figures.deviceLayer(entry.region);
    try {
      entry.layer = await entry.layerLoading;
      this.computations += 1;
    } catch (error) {
      entry.layerLayoutStale = true;
      throw error;
    } finally {
      entry.layerLoading = null;
    }
    return entry.layer;
  }

  async crowd(regionId: string): Promise<ScreenCrowd> {
    const entry = this.entry(regionId);
    const now = Date.now();
    if (!entry.crowd || now - entry.crowd.at > this.options.pollEveryMs) {
      entry.crowd = { value: await this.figures.crowd(entry.region), at: now };
    }
    return entry.crowd.value;
  }

  /**
   * Adds a screen to a region: it gets the current overview and alert list at once (the
   * catch-up after a reconnect), then every change. Returns the unsubscribe function.
   */
  async subscribe(regionId: string, subscriber: ScreenSubscriber): Promise<() => void> {
    const entry = this.entry(regionId);
    entry.subscribers.add(subscriber);
    const unsubscribe = () => {
      entry.subscribers.delete(subscriber);
      entry.usedAt = Date.now();
    };
    try {
      await this.refresh(entry);
    } catch (error) {
      unsubscribe();
      throw error;
    }
    subscriber.send('overview', entry.overviewFrame);
    subscriber.send('alerts', entry.alertsFrame);
    return unsubscribe;
  }

  /**
   * Something changed in these regions (any level; their ancestors are touched too), or
   * everywhere with `null`. Watched regions recompute soon; others only when next asked.
   */
  changed(regionIds: Array<string | null | undefined> | null, touched: readonly Section[]): void {
    if (this.closed || this.entries.size === 0) return;
    const targets = regionIds === null ? [...this.entries.keys()] : this.withAncestors(regionIds);
    if (touched.includes('devices')) this.censusChanged();
    for (const id of targets) {
      const entry = this.entries.get(id);
      if (!entry) continue;
      for (const section of touched) {
        // Watched regions learn of device changes when the next census is in.
        if (section !== 'devices' || entry.subscribers.size === 0) entry.dirty.add(section);
      }
      if (touched.includes('alerts')) entry.alertsDirty = true;
      if (touched.includes('alerts')) entry.layerAlertsStale = true;
      if (entry.subscribers.size > 0) this.schedule(entry);
    }
  }

  stats(): { regions: number; watched: number; subscribers: number; computations: number } {
    let watched = 0;
    let subscribers = 0;
    for (const entry of this.entries.values()) {
      if (entry.subscribers.size > 0) watched += 1;
      subscribers += entry.subscribers.size;
    }
    return { regions: this.entries.size, watched, subscribers, computations: this.computations };
  }

  /** Stops timers and ends every stream (graceful shutdown must not wait on open screens). */
  close(): void {
    this.closed = true;
    for (const timer of this.intervals) clearInterval(timer);
    if (this.census.timer) clearTimeout(this.census.timer);
    if (this.layoutTimer) clearTimeout(this.layoutTimer);
    this.layoutTimer = null;
    this.census.timer = null;
    this.intervals.length = 0;
    for (const entry of this.entries.values()) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = null;
      for (const s of [...entry.subscribers]) s.close();
      entry.subscribers.clear();
    }
  }

  private entry(regionId: string): RegionEntry {
    let entry = this.entries.get(regionId);
    if (!entry) {
      entry = {
        region: this.figures.region(regionId),
        subscribers: new Set(),
        parts: {},
        dirty: new Set(sections),
        overview: null,
        body: '',
        overviewFrame: '',
        alerts: null,
        alertsBody: '',
        alertsFrame: '',
        alertsDirty: true,
        layer: null,
        layerLayoutStale: true,
        layerAlertsStale: false,
        layerLoading: null,
        crowd: null,
        timer: null,
        computing: null,
        computedAt: 0,
        usedAt: Date.now(),
      };
      this.entries.set(regionId, entry);
    }
    entry.usedAt = Date.now();
    return entry;
  }

  /**
   * An entry asked for over plain HTTP. Nobody watches it, so the figures that have no event
   * (scans, applications, the reading rate) are re-read when older than the coalescing window.
   */
  private requested(regionId: string): RegionEntry {
    const entry = this.entry(regionId);
    if (entry.subscribers.size === 0 && Date.now() - entry.computedAt > this.options.coalesceMs) {
      for (const s of ['rate', 'citycode', 'services'] as const) entry.dirty.add(s);
    }
    return entry;
  }

  private withAncestors(ids: Array<string | null | undefined>): Set<string> {
    const out = new Set<string>([this.regions.rootId]);
    for (const id of ids) {
      if (!id || out.has(id) || !this.regions.exists(id)) continue;
      out.add(id);
      for (const a of this.regions.ancestors(id)) out.add(a.id);
    }
    return out;
  }

  private dirtyWatched(touched: Section[]): void {
    for (const entry of this.entries.values()) {
      if (entry.subscribers.size === 0) continue;
      for (const s of touched) entry.dirty.add(s);
      if (touched.includes('alerts')) entry.alertsDirty = true;
      this.schedule(entry);
    }
  }

  private schedule(entry: RegionEntry): void {
    if (entry.timer || entry.computing || this.closed) return;
    const wait = Math.max(20, entry.computedAt + this.options.coalesceMs - Date.now());
    entry.timer = setTimeout(() => {
      entry.timer = null;
      this.refresh(entry).catch((error: Error) =>
        this.log.warn({ err: error.message, regionId: entry.region.id }, 'screen refresh failed'),
      );
    }, wait);
  }

  /** Computes the dirty sections once, however many callers wait for them. */
  private async refresh(entry: RegionEntry): Promise<void> {
    while (entry.computing) await entry.computing;
    if (entry.overview && entry.dirty.size === 0 && !entry.alertsDirty) return;
    entry.computing = this.compute(entry).finally(() => {
      entry.computing = null;
      entry.computedAt = Date.now();
      if (entry.dirty.size > 0 && entry.subscribers.size > 0) this.schedule(entry);
    });
    await entry.computing;
  }

  private async compute(entry: RegionEntry): Promise<void> {
    const now = Date.now();
    const todo = [...entry.dirty];
    entry.dirty.clear();
    const alertsDirty = entry.alertsDirty;
    entry.alertsDirty = false;
    const { figures } = this;
    const region = entry.region;
    try {
      for (const section of todo) {
        this.computations += 1;
        switch (section) {
          case 'devices':
            entry.parts.devices = figures.deviceCounts(await this.freshCensus(), region);
            break;
          case 'alerts':
            entry.parts.alerts = await figures.alertCounts(region, now);
            break;
          case 'cases':
            entry.parts.cases = await figures.caseCounts(region, now);
            break;
          case 'services':
            entry.parts.services = await figures.serviceCounts(region, now);
            break;
          case 'citycode':
            entry.parts.citycode = await figures.scanCounts(region, now);
            break;
          case 'rate':
            entry.parts.rate = figures.readingsPerSecond(region);
            break;
        }
      }
      if (alertsDirty || !entry.alerts) {
        const list = await figures.alertList(region);
        const body = JSON.stringify(list);
        if (body !== entry.alertsBody) {
          entry.alerts = list;
          entry.alertsBody = body;
          entry.alertsFrame = sseFrame('alerts', body);
          for (const s of entry.subscribers) s.send('alerts', entry.alertsFrame);
        }
      }
    } catch (error) {
      for (const section of todo) entry.dirty.add(section);
      if (alertsDirty) entry.alertsDirty = true;
      throw error;
    }
    this.publish(entry, now);
  }

  private publish(entry: RegionEntry, now: number): void {
    const body = this.compose(entry);
    const text = JSON.stringify(body);
    if (text === entry.body && entry.overview) return;
    this.lastSeq = Math.max(this.lastSeq + 1, now);
    const overview: ScreenOverview = {
      ...body,
      generatedAt: new Date(now).toISOString(),
      seq: this.lastSeq,
    };
    entry.body = text;
    entry.overview = overview;
    entry.overviewFrame = sseFrame('overview', JSON.stringify(overview), overview.seq);
    for (const s of entry.subscribers) s.send('overview', entry.overviewFrame);
  }

  private compose(entry: RegionEntry): Omit<ScreenOverview, 'generatedAt' | 'seq'> {
    const { region, parts } = entry;
    const record = this.regions.get(region.id);
    const devices = parts.devices ?? { total: 0, online: 0, byChild: new Map() };
    const alerts = parts.alerts;
    const cases = parts.cases;
    return {
      region: {
        id: region.id,
        name: record.name,
        level: region.level,
        path: [
          ...this.regions.ancestors(region.id),
          { id: region.id, name: record.name, level: region.level },
        ],
      },
      devices: {
        total: devices.total,
        online: devices.online,
        offline: devices.total - devices.online,
        alerting: alerts?.alertingDevices ?? 0,
        onlineRate: devices.total
          ? Math.round((devices.online / devices.total) * 10_000) / 10_000
          : null,
      },
      readingsPerSecond: parts.rate ?? 0,
      alerts: {
        active: alerts?.active ?? 0,
        today: alerts?.today ?? 0,
        byKind: alerts?.byKind ?? [],
      },
      cases: {
        open: cases?.open ?? 0,
        today: cases?.today ?? 0,
        byStage: cases?.byStage ?? [],
        closedToday: cases?.closedToday ?? 0,
        onTimeCloseRate: cases?.onTimeCloseRate ?? null,
      },
      services: parts.services ?? { applicationsToday: 0, fullyOnlineShare: null },
      citycode: parts.citycode ?? { scansToday: 0, byScene: [] },
      hotline: null,
      children: this.regions.children(region.id).map((child) => ({
        regionId: child.id,
        name: child.name,
        level: child.level,
        openCases: cases?.openByChild.get(child.id) ?? 0,
        devices: devices.byChild.get(child.id) ?? 0,
        alerting: alerts?.alertingByChild.get(child.id) ?? 0,
      })),
    };
  }

  /** Devices changed: one census soon (throttled), then every watched region re-reads it. */
  private censusChanged(): void {
    this.census.stale = true;
    if (this.census.timer || this.closed) return;
    let watched = false;
    for (const entry of this.entries.values()) if (entry.subscribers.size > 0) watched = true;
    if (!watched) return;
    const wait = Math.max(20, this.census.at + this.options.censusEveryMs - Date.now());
    this.census.timer = setTimeout(() => {
      this.census.timer = null;
      this.freshCensus()
        .then(() => {
          for (const entry of this.entries.values()) {
            if (entry.subscribers.size === 0) continue;
            entry.dirty.add('devices');
            this.schedule(entry);
          }
        })
        .catch((error: Error) => this.log.warn({ err: error.message }, 'device census failed'));
    }, wait);
  }

  private async freshCensus(): Promise<DeviceCensus> {
    while (this.census.loading) await this.census.loading;
    if (this.census.value && !this.census.stale) return this.census.value;
    this.census.stale = false;
    this.census.loading = this.figures.deviceCensus();
    try {
      this.census.value = await this.census.loading;
      this.census.at = Date.now();
      this.computations += 1;
    } catch (error) {
      this.census.stale = true;
      throw error;
    } finally {
      this.census.loading = null;
    }
    return this.census.value;
  }

  private evictIdle(): void {
    const before = Date.now() - this.options.idleMs;
    for (const [id, entry] of this.entries) {
      if (
        entry.subscribers.size === 0 &&
        !entry.computing &&
        !entry.layerLoading &&
        entry.usedAt < before &&
        id !== this.regions.rootId
      ) {
        if (entry.timer) clearTimeout(entry.timer);
        this.entries.delete(id);
      }
    }
  }
}
