import type { Actor } from '../../platform/auth/actor.ts';
import type { Database, Sql } from '../../platform/db/database.ts';
import { badRequest } from '../../platform/errors/app-error.ts';
import type { DeviceRegistryService } from './device-registry.service.ts';
import type { DeviceWithState } from './device.repository.ts';
import { DEFAULT_FLAT_LINE_COUNT } from './telemetry-ingest.service.ts';
import type { Bucket, TelemetryRepository } from './telemetry.repository.ts';
import { mergeLatest, type TelemetryWriteBehind } from './telemetry-write-behind.ts';

const DAY_MS = 86_400_000;
/** The longest span each bucket may cover in one query (bounded answers). */
const maxSpanDays: Record<Bucket, number> = {
  '1m': 7,
  '5m': 31,
  '15m': 93,
  '1h': 366,
  day: 3 * 366,
  week: 5 * 366,
  month: 10 * 366,
};

export type PropertyStatus = 'ok' | 'no_data' | 'out_of_range' | 'stuck';

/** Reads: latest values, raw ranges, aggregates by interval, attributes, data quality, map. */
export class TelemetryQueryService {
  constructor(
    private readonly db: Database,
    private readonly registry: DeviceRegistryService,
    private readonly telemetry: TelemetryRepository,
    /** Latest values this node stored but has not written to `iot_latest` yet. */
    private readonly pending: Pick<TelemetryWriteBehind, 'pendingOf'> = { pendingOf: () => [] },
  ) {}

  /** A device's latest values: the table's, with this node's newer ones on top. */
  private async latestOf(deviceId: string) {
    const rows = await this.telemetry.latestOf(this.db.orm, deviceId);
    return mergeLatest(rows, this.pending.pendingOf(deviceId));
  }

  /** Latest values of many devices, with this node's newer ones on top. */
  private async latestOfMany(sql: Sql, deviceIds: string[]) {
    const rows = (await this.telemetry.latestOfMany(sql, deviceIds)).map((r) => ({
      ...r,
      ts: new Date(r.ts),
    }));
    const byDevice = new Map<string, typeof rows>();
    for (const row of rows) {
      const list = byDevice.get(row.deviceId);
      if (list) list.push(row);
      else byDevice.set(row.deviceId, [row]);
    }
    const out: typeof rows = [];
    for (const deviceId of deviceIds) {
      const list = byDevice.get(deviceId) ?? [];
      const pending = this.pending.pendingOf(deviceId);
      if (pending.length === 0) {
        out.push(...list);
        continue;
      }
      const merged = new Map(list.map((r) => [r.key, r]));
      for (const entry of pending) {
        const row = merged.get(entry.key);
        if (row && entry.ts < row.ts) continue;
        merged.set(entry.key, {
          deviceId,
          key: entry.key,
          value: JSON.parse(entry.value) as unknown,
          ts: entry.ts,
        });
      }
      out.push(...merged.values());
    }
    return out;
  }

  async latest(actor: Actor, deviceId: string) {
    const device = await this.registry.get(actor, deviceId);
    const product = await this.registry.product(device.productId);
    const properties = new Map((product?.thingModel.properties ?? []).map((p) => [p.key, p]));
    const rows = await this.latestOf(deviceId);
    return {
      device,
      values: rows.map((r) => ({
        key: r.key,
        name: properties.get(r.key)?.name ?? null,
        unit: properties.get(r.key)?.unit ?? null,
        value: r.value,
        ts: r.ts,
      })),
    };
  }

  async range(
    actor: Actor,
    deviceId: string,
    q: { key: string; from: Date; to: Date; limit: number; order: 'asc' | 'desc' },
  ) {
    await this.registry.get(actor, deviceId);
    checkSpan(q.from, q.to, 366);
    const rows = await this.telemetry.range(this.db.orm, { deviceId, ...q });
    return rows.map((r) => ({
      ts: r.ts,
      value: r.num ?? r.bool ?? (r.str !== null ? parseStored(r.str) : null),
    }));
  }

  async aggregate(
    actor: Actor,
    deviceId: string,
    q: { key: string; from: Date; to: Date; interval: Bucket },
  ) {
    await this.registry.get(actor, deviceId);
    checkSpan(q.from, q.to, maxSpanDays[q.interval]);
    return this.telemetry.aggregate(this.db.orm, {
      deviceId,
      key: q.key,
      from: q.from,
      to: q.to,
      bucket: q.interval,
    });
  }

  async attributes(actor: Actor, deviceId: string) {
    await this.registry.get(actor, deviceId);
    return this.telemetry.attributesOf(this.db.orm, deviceId);
  }

  /**
   * Per property of the thing model: ok, no data (never reported, or silent for three of
   * its expected intervals), out of range (its latest value is outside the property's valid
   * range) or stuck (the same value `flatLineCount` times in a row); and
   * the device's counted issues (unknown keys, wrong types, out of range, malformed, …).
   */
  async quality(actor: Actor, deviceId: string, now = new Date()) {
    const device = await this.registry.get(actor, deviceId);
    const product = await this.registry.product(device.productId);
    const model = product?.thingModel;
    const latest = new Map((await this.latestOf(deviceId)).map((r) => [r.key, r]));
    const properties = (model?.properties ?? []).map((p) => {
      const last = latest.get(p.key);
      const intervalS = p.intervalSeconds ?? model?.intervalSeconds ?? 3600;
      const limit = p.flatLineCount ?? (p.type === 'number' ? DEFAULT_FLAT_LINE_COUNT : null);
      let status: PropertyStatus = 'ok';
      if (!last || now.getTime() - last.ts.getTime() > 3 * intervalS * 1000) status = 'no_data';
      else if (outOfRange(p, last.value)) status = 'out_of_range';
      else if (limit && last.sameCount >= limit) status = 'stuck';
      return {
        key: p.key,
        name: p.name,
        status,
        lastAt: last?.ts ?? null,
        sameCount: last?.sameCount ?? 0,
        sameSince: last?.sameSince ?? null,
      };
    });
    const issues = await this.telemetry.issuesOf(this.db.orm, deviceId);
    return { device, properties, issues };
  }

  /**
   * The latest value and its time for every key of these devices, for other modules (facility
   * health). Pass the caller's transaction when there is one.
   */
  async latestReadings(
    deviceIds: string[],
    sql: Sql = this.db.orm,
  ): Promise<Array<{ deviceId: string; key: string; value: unknown; ts: Date }>> {
    return this.latestOfMany(sql, deviceIds);
  }

  /** Located devices with their state and latest values, for maps (a page at a time). */
  async map(
    actor: Actor,
    q: { productId?: string; regionId?: string; limit: number; offset: number },
  ): Promise<{
    devices: DeviceWithState[];
    latest: Map<string, Record<string, unknown>>;
    total: number;
  }> {
    const { items, total } = await this.registry.list(actor, { ...q, located: true });
    const latest = new Map<string, Record<string, unknown>>();
    for (const row of await this.latestOfMany(
      this.db.orm,
      items.map((d) => d.id),
    )) {
      const values = latest.get(row.deviceId) ?? {};
      values[row.key] = row.value;
      latest.set(row.deviceId, values);
    }
    return { devices: items, latest, total };
  }
}

function checkSpan(from: Date, to: Date, maxDays: number): void {
  if (!(from.getTime() < to.getTime())) {
    throw badRequest('invalid_range', '`from` must be before `to`');
  }
  if (to.getTime() - from.getTime() > maxDays * DAY_MS) {
    throw badRequest('range_too_large', `this interval covers at most ${maxDays} days per query`);
  }
}

function parseStored(text: string): unknown {
  if (text.startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** A number outside the property's declared range (values of other types are never). */
function outOfRange(property: { min?: number; max?: number }, value: unknown): boolean {
  if (typeof value !== 'number') return false;
  return (
    (property.min !== undefined && value < property.min) ||
    (property.max !== undefined && value > property.max)
  );
}
