import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import type { RegionLevel } from '../regions/index.ts';

/** A region subtree as the device table's columns say it: the city is every device. */
export interface RegionFilter {
  level: RegionLevel;
  regionId: string;
}

const columnOf = { district: 'district_id', street: 'street_id', grid: 'grid_id' } as const;

function where(region: RegionFilter, alias = 'd'): SQL {
  if (region.level === 'city') return sql`TRUE`;
  return sql`${sql.raw(`${alias}.${columnOf[region.level]}`)} = ${region.regionId}`;
}

/**
 * Read-only figures of the device registry for the big screen: counts per region and the
 * located devices as columns. The same rows and the same subtree rule as GET /api/v1/iot/devices.
 */
export class DeviceFigures {
  constructor(private readonly db: Database) {}

  /** Devices and online devices in the region, grouped by the next level's column (or not). */
  async counts(
    region: RegionFilter,
    groupBy: RegionLevel | null,
  ): Promise<Array<{ key: string | null; total: number; online: number }>> {
    const key =
      groupBy && groupBy !== 'city' ? sql.raw(`d.${columnOf[groupBy]}`) : sql.raw('NULL::text');
    const found = await this.db.rows<{ key: string | null; total: number; online: number }>(
      sql`SELECT ${key} AS key, count(*)::int AS total,
                 count(*) FILTER (WHERE s.online)::int AS online
            FROM iot_devices d LEFT JOIN iot_device_state s ON s.device_id = d.id
           WHERE ${where(region)}
           GROUP BY 1`,
    );
    return found.map((r) => ({ key: r.key, total: Number(r.total), online: Number(r.online) }));
  }

  /** Every located device of the region: id, position and whether it is online. */
  async located(
    region: RegionFilter,
  ): Promise<Array<{ id: string; lng: number; lat: number; online: boolean }>> {
    return this.db.rows(
      sql`SELECT d.id, d.lng, d.lat, coalesce(s.online, false) AS online
            FROM iot_devices d LEFT JOIN iot_device_state s ON s.device_id = d.id
           WHERE d.lng IS NOT NULL AND ${where(region)}`,
    );
  }

  /** The newest numeric value of one key for the region's devices of a product (crowd counts). */
  async latestNumbers(
    region: RegionFilter,
    productId: string,
    key: string,
  ): Promise<Array<{ lng: number; lat: number; value: number }>> {
    const found = await this.db.rows<{ lng: number; lat: number; value: unknown }>(
      sql`SELECT d.lng, d.lat, l.value
            FROM iot_devices d JOIN iot_latest l ON l.device_id = d.id AND l.key = ${key}
           WHERE d.product_id = ${productId} AND d.lng IS NOT NULL AND ${where(region)}`,
    );
    return found
      .map((r) => ({ lng: r.lng, lat: r.lat, value: Number(r.value) }))
      .filter((r) => Number.isFinite(r.value));
  }
}
