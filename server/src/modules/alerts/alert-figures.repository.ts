import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import type { RegionLevel } from '../regions/index.ts';

/** Alerts still to be dealt with: raised, perhaps acknowledged, not yet cleared or closed. */
export const openAlertStatuses = ['active', 'acknowledged'] as const;

export interface AlertRegion {
  level: RegionLevel;
  regionId: string;
}

const columnOf = { district: 'district_id', street: 'street_id', grid: 'grid_id' } as const;

function inRegion(region: AlertRegion): SQL {
  if (region.level === 'city') return sql`TRUE`;
  return sql`${sql.raw(columnOf[region.level])} = ${region.regionId}`;
}

const open = sql`status IN ('active', 'acknowledged')`;

/**
 * Read-only alert figures for the big screen, on the same rows and region columns as
 * GET /api/v1/alerts (status active or acknowledged = open).
 */
export class AlertFigures {
  constructor(private readonly db: Database) {}

  /** Open alerts by product, alerts raised since `since`, and devices with an open alert. */
  async summary(
    region: AlertRegion,
    since: Date,
  ): Promise<{
    open: number;
    raisedSince: number;
    alertingDevices: number;
    byProduct: Array<{ productId: string; count: number }>;
  }> {
    const [totals] = await this.db.rows<{ open: number; raised: number; devices: number }>(
      sql`SELECT count(*) FILTER (WHERE ${open})::int AS open,
                 count(*) FILTER (WHERE raised_at >= ${since.toISOString()})::int AS raised,
                 count(DISTINCT device_id) FILTER (WHERE ${open})::int AS devices
            FROM alerts_alerts
           WHERE ${inRegion(region)} AND (${open} OR raised_at >= ${since.toISOString()})`,
    );
    const byProduct = await this.db.rows<{ productId: string; count: number }>(
      sql`SELECT product_id AS "productId", count(*)::int AS count FROM alerts_alerts
           WHERE ${inRegion(region)} AND raised_at >= ${since.toISOString()}
           GROUP BY product_id ORDER BY count(*) DESC, product_id`,
    );
    return {
      open: Number(totals?.open ?? 0),
      raisedSince: Number(totals?.raised ?? 0),
      alertingDevices: Number(totals?.devices ?? 0),
      byProduct: byProduct.map((r) => ({ productId: r.productId, count: Number(r.count) })),
    };
  }

  /** Devices with an open alert, counted per region of the given level inside the region. */
  async alertingDevicesBy(
    region: AlertRegion,
    level: Exclude<RegionLevel, 'city'>,
  ): Promise<Map<string, number>> {
    const found = await this.db.rows<{ key: string | null; n: number }>(
      sql`SELECT ${sql.raw(columnOf[level])} AS key, count(DISTINCT device_id)::int AS n
            FROM alerts_alerts WHERE ${open} AND ${inRegion(region)} GROUP BY 1`,
    );
    return new Map(found.filter((r) => r.key !== null).map((r) => [r.key as string, Number(r.n)]));
  }

  /** The devices with an open alert in the region. */
  async alertingDeviceIds(region: AlertRegion): Promise<Set<string>> {
    const found = await this.db.rows<{ id: string }>(
      sql`SELECT DISTINCT device_id AS id FROM alerts_alerts WHERE ${open} AND ${inRegion(region)}`,
    );
    return new Set(found.map((r) => r.id));
  }

  /** Open alerts, newest first. */
  async openAlerts(
    region: AlertRegion,
    limit: number,
  ): Promise<
    Array<{
      id: string;
      lng: number | null;
      lat: number | null;
      severity: string;
      productId: string;
      ruleName: string;
      deviceName: string;
      raisedAt: Date;
    }>
  > {
    const found = await this.db.rows<{
      id: string;
      lng: number | null;
      lat: number | null;
      severity: string;
      productId: string;
      ruleName: string;
      deviceName: string;
      raisedAt: Date | string;
    }>(
      sql`SELECT id, lng, lat, severity, product_id AS "productId", rule_name AS "ruleName",
                 device_name AS "deviceName", raised_at AS "raisedAt"
            FROM alerts_alerts WHERE ${open} AND ${inRegion(region)}
           ORDER BY raised_at DESC, id DESC LIMIT ${limit}`,
    );
    return found.map((r) => ({ ...r, raisedAt: new Date(r.raisedAt) }));
  }
}
