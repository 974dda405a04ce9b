import { latLngToCell } from 'h3-js';
import type { Database } from '../../platform/db/database.ts';
import { AlertFigures } from '../alerts/index.ts';
import { CaseFigures } from '../cases/index.ts';
import { ScanFigures } from '../citycode/index.ts';
import type { IotModule } from '../iot/index.ts';
import { DeviceFigures } from '../iot/index.ts';
import type { RegionLevel, RegionsService } from '../regions/index.ts';
import { ApplicationFigures } from '../services/index.ts';
import { DeviceLayer } from './device-layer.ts';
import type { ScreenAlerts, ScreenCrowd, ScreenOverview } from './screen.schemas.ts';

/** One region of the map as the figures need it. */
export interface ScreenRegion {
  id: string;
  level: RegionLevel;
  /** The level one below (null for a grid). */
  childLevel: Exclude<RegionLevel, 'city'> | null;
}

export const CROWD_PRODUCT = 'crowd-counter';
export const CROWD_KEY = 'count';
export const H3_RESOLUTION = 8;
const ALERT_LIST_MAX = 500;
const ON_TIME_WINDOW_DAYS = 30;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Midnight of the Asia/Shanghai day `at` falls in ("today" on the screen). */
export function shanghaiDayStart(at: number): Date {
  const day = 86_400_000;
  return new Date(Math.floor((at + SHANGHAI_OFFSET_MS) / day) * day - SHANGHAI_OFFSET_MS);
}

export interface ScreenFigureSources {
  db: Database;
  regions: RegionsService;
  iot: Pick<IotModule, 'registry' | 'ingest'>;
  /** The share of service items that are 全程网办 (the services module's catalogue figures). */
  fullyOnlineShare: () => Promise<number | null>;
}

export type DeviceCensus = Awaited<ReturnType<DeviceFigures['census']>>;
const columnOf = { district: 'districtId', street: 'streetId', grid: 'gridId' } as const;

export type DeviceFiguresPart = Pick<ScreenOverview['devices'], 'total' | 'online'> & {
  byChild: Map<string, number>;
};
export type AlertFiguresPart = ScreenOverview['alerts'] & {
  alertingDevices: number;
  alertingByChild: Map<string, number>;
};
export type CaseFiguresPart = ScreenOverview['cases'] & { openByChild: Map<string, number> };

/**
 * Every number of the big screen, asked of the module that owns it through its public door:
 * the iot registry and ingest rate, alerts, cases, services and the city code's scan counts.
 * Each call is one section of the overview, so a change recomputes only its own section.
 */
export class ScreenFigures {
  private readonly devices: DeviceFigures;
  private readonly alerts: AlertFigures;
  private readonly cases: CaseFigures;
  private readonly applications: ApplicationFigures;
  private readonly scans: ScanFigures;
  private onlineShare: { value: number | null; at: number } | null = null;

  constructor(private readonly sources: ScreenFigureSources) {
    this.devices = new DeviceFigures(sources.db);
    this.alerts = new AlertFigures(sources.db);
    this.cases = new CaseFigures(sources.db);
    this.applications = new ApplicationFigures(sources.db);
    this.scans = new ScanFigures(sources.db);
  }

  region(id: string): ScreenRegion {
    const { level } = this.sources.regions.get(id);
    const childLevel = (
      { city: 'district', district: 'street', street: 'grid', grid: null } as const
    )[level];
    return { id, level, childLevel };
  }

  /** The registry's counts per (district, street, grid), one scan for every region at once. */
  deviceCensus(): Promise<DeviceCensus> {
    return this.devices.census();
  }

  /** A region's device counts and its children's, from the census (no query). */
  deviceCounts(census: DeviceCensus, region: ScreenRegion): DeviceFiguresPart {
    const own = region.level === 'city' ? null : columnOf[region.level];
    const child = region.childLevel ? columnOf[region.childLevel] : null;
    let total = 0;
    let online = 0;
    const byChild = new Map<string, number>();
    for (const row of census) {
      if (own && row[own] !== region.id) continue;
      total += row.total;
      online += row.online;
      const key = child ? row[child] : null;
      if (key) byChild.set(key, (byChild.get(key) ?? 0) + row.total);
    }
    return { total, online, byChild };
  }

  async alertCounts(region: ScreenRegion, now: number): Promise<AlertFiguresPart> {
    const filter = { level: region.level, regionId: region.id };
    const summary = await this.alerts.summary(filter, shanghaiDayStart(now));
    const names = new Map(this.sources.iot.registry.cachedProducts().map((p) => [p.id, p.name]));
    return {
      active: summary.open,
      today: summary.raisedSince,
      byKind: summary.byProduct.map((p) => ({
        kind: p.productId,
        name: names.get(p.productId) ?? p.productId,
        count: p.count,
      })),
      alertingDevices: summary.alertingDevices,
      alertingByChild: region.childLevel
        ? await this.alerts.alertingDevicesBy(filter, region.childLevel)
        : new Map(),
    };
  }

  async caseCounts(region: ScreenRegion, now: number): Promise<CaseFiguresPart> {
    const filter = { level: region.level, regionId: region.id };
    const s = await this.cases.summary(
      filter,
      shanghaiDayStart(now),
      new Date(now - ON_TIME_WINDOW_DAYS * 86_400_000),
    );
    return {
      open: s.byStage.reduce((sum, x) => sum + x.count, 0),
      today: s.openedSince,
      byStage: s.byStage,
      closedToday: s.closedSince,
      onTimeCloseRate: s.closedForRate ? round4(s.closedOnTime / s.closedForRate) : null,
      openByChild: region.childLevel
        ? await this.cases.openBy(filter, region.childLevel)
        : new Map(),
    };
  }

  async serviceCounts(region: ScreenRegion, now: number): Promise<ScreenOverview['services']> {
    const districtId = this.districtOf(region);
    const applicationsToday = await this.applications.submittedSince(
      shanghaiDayStart(now),
      districtId,
    );
    // The catalogue changes rarely: its share is read at most every five minutes.
    if (!this.onlineShare || now - this.onlineShare.at > 300_000) {
      this.onlineShare = { value: await this.sources.fullyOnlineShare(), at: now };
    }
    return { applicationsToday, fullyOnlineShare: this.onlineShare.value };
  }

  async scanCounts(region: ScreenRegion, now: number): Promise<ScreenOverview['citycode']> {
    const { regions } = this.sources;
    const scenes = (await this.scans.perSceneSince(shanghaiDayStart(now))).filter((s) =>
      region.level === 'city'
        ? true
        : s.regionId !== null &&
          regions.exists(s.regionId) &&
          regions.isWithin(s.regionId, region.id),
    );
    scenes.sort((a, b) => b.count - a.count || a.sceneId.localeCompare(b.sceneId));
    return {
      scansToday: scenes.reduce((sum, s) => sum + s.count, 0),
      byScene: scenes.map((s) => ({
        sceneId: s.sceneId,
        sceneType: s.type,
        name: s.name,
        count: s.count,
      })),
    };
  }

  readingsPerSecond(region: ScreenRegion): number {
    return this.sources.iot.ingest.rate.perSecond(region.level === 'city' ? null : region.id);
  }

  async alertList(region: ScreenRegion): Promise<ScreenAlerts> {
    const rows = await this.alerts.openAlerts(
      { level: region.level, regionId: region.id },
      ALERT_LIST_MAX,
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        lng: r.lng,
        lat: r.lat,
        severity: r.severity,
        kind: r.productId,
        name: `${r.deviceName} · ${r.ruleName}`,
        raisedAt: r.raisedAt.toISOString(),
      })),
    };
  }

  /** The region's device layer, built from the registry and the open alerts. */
  async deviceLayer(region: ScreenRegion): Promise<DeviceLayer> {
    const filter = { level: region.level, regionId: region.id };
    const rows = await this.devices.located(filter);
    return new DeviceLayer(rows, await this.alerts.alertingDeviceIds(filter));
  }

  /** The devices with an open alert in the region. */
  alertingDevices(region: ScreenRegion): Promise<Set<string>> {
    return this.alerts.alertingDeviceIds({ level: region.level, regionId: region.id });
  }

  /** Latest crowd-counter values summed per H3 cell (resolution 8, ≈ 0.7 km²). */
  async crowd(region: ScreenRegion): Promise<ScreenCrowd> {
    const rows = await this.devices.latestNumbers(
      { level: region.level, regionId: region.id },
      CROWD_PRODUCT,
      CROWD_KEY,
    );
    const cells = new Map<string, number>();
    for (const r of rows) {
      const cell = latLngToCell(r.lat, r.lng, H3_RESOLUTION);
      cells.set(cell, (cells.get(cell) ?? 0) + Math.max(0, Math.round(r.value)));
    }
    return {
      resolution: H3_RESOLUTION,
      cells: [...cells.entries()]
        .map(([h3, count]) => ({ h3, count }))
        .sort((a, b) => b.count - a.count || a.h3.localeCompare(b.h3)),
    };
  }

  private districtOf(region: ScreenRegion): string | null {
    if (region.level === 'city') return null;
    if (region.level === 'district') return region.id;
    const chain = this.sources.regions.ancestors(region.id);
    return chain.find((r) => r.level === 'district')?.id ?? null;
  }
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
