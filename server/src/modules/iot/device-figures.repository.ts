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

  /**
   * Devices and online devices per (district, street, grid): the whole registry in one
   * grouped scan (≈ 6,500 groups for Shanghai), from which every region's counts follow.
   */
  async census(): Promise<
    Array<{
      districtId: string | null;
      streetId: string | null;
      gridId: string | null;
      total: number;
      online: number;
    }>
  > {
    const found = await this.db.rows<{
      districtId: string | null;
      streetId: string | null;
      gridId: string | null;
      total: number;
      online: number;
    }>(
      sql`SELECT d.district_id AS "districtId", d.street_id AS "streetId", d.grid_id AS "gridId",
                 count(*)::int AS total, count(*) FILTER (WHERE s.online)::int AS online
            FROM iot_devices d LEFT JOIN iot_device_state s ON s.device_id = d.id
           GROUP BY 1, 2, 3`,
    );
    return found.map((r) => ({ ...r, total: Number(r.total), online: Number(r.online) }));
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
