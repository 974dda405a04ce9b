import type { Logger } from 'pino';
import { isRetryable, type Database } from '../../platform/db/database.ts';
import type { UnitOfWork, WriteContext } from '../../platform/unit-of-work.ts';
import type { DeviceCredential, DeviceRepository } from './device.repository.ts';
import type { DeviceRegistryService } from './device-registry.service.ts';
import type { ProductRow } from './product.repository.ts';
import { iotEvent } from './iot.events.ts';
import type { IotMetrics } from './iot.metrics.ts';
import { ReadingRate } from './reading-rate.ts';
import type { TelemetryPartitions } from './telemetry-partitions.ts';
import {
  DEFAULT_FLUSH_MS,
  FLUSH_CHUNK,
  TelemetryWriteBehind,
  type PendingLatest,
} from './telemetry-write-behind.ts';
import { parseAttributes, parseTelemetry, withoutControlCharacters } from './telemetry-payload.ts';
import type {
  IssueInput,
  LatestInput,
  QualityKind,
  StoredReading,
  TelemetryRepository,
} from './telemetry.repository.ts';
import {
  checkValue,
  offlineAfterSeconds,
  type ThingProperty,
  type ReadingValue,
} from './thing-model.ts';

/** One message from a device, as a transport (HTTP, MQTT) received it. */
export interface IngestMessage {
  /** The device's access token (ThingsBoard: the MQTT username or the HTTP path segment). */
  token: string;
  kind: 'telemetry' | 'attributes';
  body: Buffer | string;
  receivedAt: Date;
}

export interface IngestOutcome {
  status: 'stored' | 'rejected' | 'unknown_device';
  deviceId?: string;
  /** Readings (or attributes) stored from this message. */
  readings: number;
  /** Data-quality issues found in it (kept, counted per device and key). */
  issues: number;
  error?: { code: string; detail: string };
}

/** Readings stamped further ahead than this are refused as a bad timestamp. */
const FUTURE_TOLERANCE_MS = 24 * 3600_000;
/** How long a device committed as online is trusted to still be (then it is marked again). */
const ONLINE_TRUST_MS = 10_000;
/** Identical consecutive values of a number property before it counts as stuck. */
export const DEFAULT_FLAT_LINE_COUNT = 120;

/** A reading of the batch: stored as it is (num, str or bool set), and its typed value. */
interface Pending extends StoredReading {
  deviceId: string;
  key: string;
  ts: Date;
  value: ReadingValue;
}

/**
 * The one ingest path every transport calls. A batch of messages becomes one transaction:
 * readings (one multi-row INSERT into the day partitions), latest values, attributes,
 * quality counters, connectivity. Nothing a device sends can fail the batch — bad input
 * ends in an outcome and a counter; `ingestBatch` rejects only when the database does, and
 * then nothing of the batch was stored (so a transport may safely redeliver it).
 */
/**
 * Something that reacts to stored readings inside the ingest transaction (the alerts module's
 * rules): its writes commit with the readings, or not at all.
 */
export interface TelemetryObserver {
  /** Whether any of this device's readings could matter (none of a device it ignores are built). */
  watches?(device: ObservedDevice): boolean;
  observe(
    ctx: WriteContext,
    batch: Array<{
      device: ObservedDevice;
      readings: Array<{ key: string; ts: number; value: number | boolean | string }>;
    }>,
    now: Date,
  ): Promise<void>;
}

export interface ObservedDevice {
  id: string;
  name: string;
  productId: string;
  tags: readonly string[];
  gridId: string | null;
  streetId: string | null;
  districtId: string | null;
  departmentId: string | null;
  location: [number, number] | null;
}

export class TelemetryIngestService {
  private readonly observers: TelemetryObserver[] = [];
  /** Readings stored per second per region over the last minute (the big screen reads it). */
  readonly rate = new ReadingRate();
  /** Latest values and last-seen times, written about once a second behind the readings. */
  readonly writeBehind: TelemetryWriteBehind;
  /** A product's properties by key, built once per loaded product row. */
  private readonly propertiesOf = new WeakMap<ProductRow, Map<string, ThingProperty>>();

  /** Registers an observer (called once at start, before devices connect). */
  addObserver(observer: TelemetryObserver): void {
    this.observers.push(observer);
  }

  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly registry: DeviceRegistryService,
    private readonly devices: DeviceRepository,
    private readonly telemetry: TelemetryRepository,
    private readonly partitions: TelemetryPartitions,
    private readonly metrics: IotMetrics,
    options: { flushMs?: number; log?: Pick<Logger, 'warn'> } = {},
  ) {
    this.writeBehind = new TelemetryWriteBehind(
      uow,
      telemetry,
      devices,
      metrics,
      options.flushMs ?? DEFAULT_FLUSH_MS,
      options.log ?? null,
      FLUSH_CHUNK[db.kind],
    );
  }

  /** Writes pending latest values and last-seen times now (tests, shutdown). */
  flush(): Promise<void> {
    return this.writeBehind.flush();
  }

  async ingestBatch(messages: IngestMessage[]): Promise<IngestOutcome[]> {
    if (messages.length === 0) return [];
    const credentials = await this.registry.resolveTokens(messages.map((m) => m.token));
    const now = Date.now();
    const oldest = now - this.registry.maxRetentionDays() * 86_400_000;
    const readings: Pending[] = [];
    const attributes: Array<{ deviceId: string; key: string; value: string; at: Date }> = [];
    const issues = new Map<string, IssueInput>();
    const seen = new Map<string, { credential: DeviceCredential; at: Date }>();
    const counts = { stored: 0, rejected: 0, unknown_device: 0 };
    const countsOf = { telemetry: { ...counts }, attributes: { ...counts } };
    const issueCounts = new Map<QualityKind, number>();
    const issue = (deviceId: string, key: string, kind: QualityKind, at: Date, text: string) => {
      // Details quote what the device sent: no control characters reach the database.
      const detail = withoutControlCharacters(text);
      const id = `${deviceId}\u0000${key}\u0000${kind}`;
      const current = issues.get(id);
      if (current) {
        current.count += 1;
        if (at >= current.at) {
          current.at = at;
          current.detail = detail;
        }
      } else issues.set(id, { deviceId, key, kind, count: 1, at, detail });
      issueCounts.set(kind, (issueCounts.get(kind) ?? 0) + 1);
    };

    // Products are resolved before any transaction opens (the catalogue may reload from the
    // database, which inside a PGlite transaction would wait for itself).
    const products = new Map<string, ProductRow | undefined>();
    for (const credential of credentials.values()) {
      if (credential && !products.has(credential.productId)) {
        products.set(credential.productId, await this.registry.product(credential.productId));
      }
    }

    const outcomes = messages.map((message): IngestOutcome => {
      const credential = credentials.get(message.token);
      if (!credential) {
        countsOf[message.kind].unknown_device += 1;
        return {
          status: 'unknown_device',
          readings: 0,
          issues: 0,
          error: { code: 'unknown_device', detail: 'no device has this access token' },
        };
      }
      const { deviceId } = credential;
      const at = message.receivedAt;
      const last = seen.get(deviceId);
      if (!last || last.at < at) seen.set(deviceId, { credential, at });
      const product = products.get(credential.productId);
      if (message.kind === 'attributes') {
        const parsed = parseAttributes(message.body);
        if (!parsed.ok) {
          countsOf.attributes.rejected += 1;
          return reject(message, deviceId, parsed, issue);
        }
        let count = 0;
        let problems = 0;
        for (const [key, value] of Object.entries(parsed.value)) {
          const json = JSON.stringify(value);
          if (json.includes('\\u0000') || json.length > 4096) {
            issue(deviceId, key, 'wrong_type', at, 'attribute value too long or holds NUL');
            problems += 1;
            continue;
          }
          attributes.push({ deviceId, key, value: json, at });
          count += 1;
        }
        countsOf.attributes.stored += 1;
        return { status: 'stored', deviceId, readings: count, issues: problems };
      }
      const parsed = parseTelemetry(message.body);
      if (!parsed.ok) {
        countsOf.telemetry.rejected += 1;
        return reject(message, deviceId, parsed, issue);
      }
      const properties = product ? this.properties(product) : NO_PROPERTIES;
      let count = 0;
      let problems = 0;
      for (const raw of parsed.value) {
        const tsMs = raw.ts ?? at.getTime();
        if (!(tsMs >= oldest && tsMs <= now + FUTURE_TOLERANCE_MS)) {
          issue(deviceId, raw.key, 'bad_timestamp', at, `ts ${raw.ts} is outside the kept window`);
          problems += 1;
          continue;
        }
        const property = properties.get(raw.key);
        if (!property) {
          issue(
            deviceId,
            raw.key,
            'unknown_key',
            at,
            `not in the thing model of ${credential.productId}`,
          );
          problems += 1;
          continue;
        }
        const verdict = checkValue(property, raw.value);
        if (!verdict.ok) {
          issue(deviceId, raw.key, verdict.kind, at, verdict.detail);
          problems += 1;
          continue;
        }
        if (verdict.outOfRange) {
          issue(deviceId, raw.key, 'out_of_range', at, verdict.outOfRange);
          problems += 1;
        }
        readings.push(pending(deviceId, raw.key, new Date(tsMs), verdict.value));
        count += 1;
      }
      countsOf.telemetry.stored += 1;
      return { status: 'stored', deviceId, readings: count, issues: problems };
    });

    if (seen.size === 0) {
      this.count(countsOf, issueCounts, 0);
      return outcomes;
    }
    // Key order: batches in flight together (and other nodes) lock index entries and rows in
    // the same order, so they wait for each other instead of deadlocking.
    readings.sort(byReadingKey);
    const fresh: Array<{ credential: DeviceCredential; at: Date }> = [];
    const known: Array<{ credential: DeviceCredential; at: Date }> = [];
    for (const entry of [...seen.values()].sort((a, b) =>
      a.credential.deviceId < b.credential.deviceId ? -1 : 1,
    )) {
      (this.writeBehind.knownOnline(entry.credential.deviceId, now) ? known : fresh).push(entry);
    }
    await this.partitions.ensure(distinctDays(readings));
    await this.inTransaction(async (ctx) => {
      await this.telemetry.insertReadings(ctx.sql, readings);
      if (this.observers.length > 0) {
        const watched = (device: ObservedDevice) =>
          this.observers.some((o) => !o.watches || o.watches(device));
        // Observers are called even with nothing watched: they refresh what they watch there.
        const batch = observedBatch(readings, seen, watched);
        for (const observer of this.observers) await observer.observe(ctx, batch, new Date(now));
      }
      await this.telemetry.upsertAttributes(ctx.sql, attributes.sort(byDeviceAndKey));
      await this.telemetry.addIssues(ctx.sql, [...issues.values()].sort(byDeviceAndKey));
      // A device not known to be online is marked online (and announced) with its readings.
      if (fresh.length === 0) return;
      const ids = fresh.map((s) => s.credential.deviceId);
      const cameOnline = await this.devices.markOnline(ctx.sql, ids, new Date(now));
      await this.devices.touch(
        ctx.sql,
        fresh.map((s) => ({ deviceId: s.credential.deviceId, at: s.at })),
      );
      await ctx.emit(
        ...cameOnline.flatMap(({ deviceId }) => {
          const entry = seen.get(deviceId);
          return entry
            ? [
                iotEvent(
                  'iot.device.cameOnline',
                  { deviceId, productId: entry.credential.productId, at: entry.at.toISOString() },
                  { regionId: entry.credential.gridId },
                ),
              ]
            : [];
        }),
      );
      this.metrics.cameOnline.inc(cameOnline.length);
    });
    this.writeBehind.confirmOnline(
      fresh.map((s) => s.credential.deviceId),
      (deviceId) => {
        const product = products.get(seen.get(deviceId)?.credential.productId ?? '');
        // Well inside the time after which the sweep would call the device offline, counting
        // the write-behind's pauses: a device whose window is shorter is never trusted, and its
        // last-seen time is written with each of its batches.
        const offlineMs = product ? offlineAfterSeconds(product.thingModel) * 1000 : 60_000;
        return now + Math.min(ONLINE_TRUST_MS, offlineMs / 3 - this.writeBehind.maxPauseMs);
      },
    );
    // Committed: the summaries follow within a flush interval.
    const runs = latestRuns(readings) as PendingLatest[];
    for (const l of runs) {
      l.flatLineLimit = flatLineLimit(
        this.propertyOf(products.get(seen.get(l.deviceId)?.credential.productId ?? ''), l.key),
      );
    }
    this.writeBehind.add(
      runs,
      known.map(({ credential, at }) => ({ deviceId: credential.deviceId, at })),
    );
    this.count(countsOf, issueCounts, readings.length);
    this.countRate(readings, seen);
    return outcomes;
  }

  /** Runs the batch's transaction, again when PostgreSQL chose it as a deadlock victim. */
  private async inTransaction(work: (ctx: WriteContext) => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.uow.run(work);
      } catch (error) {
        if (attempt >= 3 || !isRetryable(error)) throw error;
      }
    }
  }

  private properties(product: ProductRow): Map<string, ThingProperty> {
    let map = this.propertiesOf.get(product);
    if (!map) {
      map = new Map(product.thingModel.properties.map((p) => [p.key, p]));
      this.propertiesOf.set(product, map);
    }
    return map;
  }

  private propertyOf(product: ProductRow | undefined, key: string): ThingProperty | undefined {
    return product ? this.properties(product).get(key) : undefined;
  }

  /** Metrics once per batch, not per message. */
  private count(
    countsOf: Record<'telemetry' | 'attributes', Record<IngestOutcome['status'], number>>,
    issueCounts: Map<QualityKind, number>,
    readings: number,
  ): void {
    for (const kind of ['telemetry', 'attributes'] as const) {
      for (const [status, n] of Object.entries(countsOf[kind])) {
        if (n > 0) this.metrics.messages.inc({ kind, status }, n);
      }
    }
    for (const [kind, n] of issueCounts) this.metrics.issues.inc({ kind }, n);
    if (readings > 0) this.metrics.readings.inc(readings);
  }

  private countRate(
    readings: Pending[],
    seen: Map<string, { credential: DeviceCredential }>,
  ): void {
    // The batch is in device order: count each device's run of readings, added up per place
    // first — a device's most specific region (its grid) determines the street and district
    // above it — so the counters are touched once per place, not per device.
    const perPlace = new Map<string | null, { credential: DeviceCredential; n: number }>();
    let start = 0;
    while (start < readings.length) {
      const deviceId = (readings[start] as Pending).deviceId;
      let end = start + 1;
      while (end < readings.length && (readings[end] as Pending).deviceId === deviceId) end += 1;
      const credential = seen.get(deviceId)?.credential;
      if (credential) {
        const place = credential.gridId ?? credential.streetId ?? credential.districtId;
        const counted = perPlace.get(place);
        if (counted) counted.n += end - start;
        else perPlace.set(place, { credential, n: end - start });
      }
      start = end;
    }
    for (const { credential, n } of perPlace.values()) this.rate.record(credential, n);
  }
}

const NO_PROPERTIES = new Map<string, ThingProperty>();

function reject(
  message: IngestMessage,
  deviceId: string,
  parsed: { code: string; detail: string },
  issue: (deviceId: string, key: string, kind: QualityKind, at: Date, detail: string) => void,
): IngestOutcome {
  issue(deviceId, '*', 'malformed_payload', message.receivedAt, `${parsed.code}: ${parsed.detail}`);
  return {
    status: 'rejected',
    deviceId,
    readings: 0,
    issues: 1,
    error: { code: parsed.code, detail: parsed.detail },
  };
}

function byDeviceAndKey(
  a: { deviceId: string; key: string },
  b: { deviceId: string; key: string },
) {
  if (a.deviceId !== b.deviceId) return a.deviceId < b.deviceId ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function byReadingKey(a: Pending, b: Pending): number {
  return byDeviceAndKey(a, b) || a.ts.getTime() - b.ts.getTime();
}

/** One time per UTC day the readings touch (a partition each). */
function distinctDays(readings: Pending[]): Date[] {
  const days = new Map<number, Date>();
  for (const r of readings) {
    const day = Math.floor(r.ts.getTime() / 86_400_000);
    if (!days.has(day)) days.set(day, r.ts);
  }
  return [...days.values()];
}

/** The readings per device, as the rules see them (locations are not rule inputs). */
function observedBatch(
  readings: Pending[],
  seen: Map<string, { credential: DeviceCredential }>,
  watched: (device: ObservedDevice) => boolean,
): Array<{
  device: ObservedDevice;
  readings: Array<{ key: string; ts: number; value: number | boolean | string }>;
}> {
  const byDevice = new Map<
    string,
    {
      device: ObservedDevice;
      readings: Array<{ key: string; ts: number; value: number | boolean | string }>;
    }
  >();
  // Readings are in device order: a device's run is looked at once, skipped whole when unwatched.
  let ignored: string | null = null;
  for (const r of readings) {
    if (typeof r.value === 'object' || r.deviceId === ignored) continue;
    let entry = byDevice.get(r.deviceId);
    if (!entry) {
      const c = seen.get(r.deviceId)?.credential;
      if (!c) continue;
      const device = observedDevice(c);
      if (!watched(device)) {
        ignored = r.deviceId;
        continue;
      }
      entry = { device, readings: [] };
      byDevice.set(r.deviceId, entry);
    }
    entry.readings.push({ key: r.key, ts: r.ts.getTime(), value: r.value });
  }
  return [...byDevice.values()];
}

/** A credential's device as the rules see it, built once per cached credential. */
const observedOf = new WeakMap<DeviceCredential, ObservedDevice>();
function observedDevice(c: DeviceCredential): ObservedDevice {
  let device = observedOf.get(c);
  if (!device) {
    device = {
      id: c.deviceId,
      name: c.name,
      productId: c.productId,
      tags: c.tags,
      gridId: c.gridId,
      streetId: c.streetId,
      districtId: c.districtId,
      departmentId: c.departmentId,
      location: c.lng !== null && c.lat !== null ? [c.lng, c.lat] : null,
    };
    observedOf.set(c, device);
  }
  return device;
}

function flatLineLimit(property: ThingProperty | undefined): number | null {
  if (!property) return null;
  if (property.flatLineCount) return property.flatLineCount;
  return property.type === 'number' ? DEFAULT_FLAT_LINE_COUNT : null;
}

function pending(deviceId: string, key: string, ts: Date, value: ReadingValue): Pending {
  return {
    deviceId,
    key,
    ts,
    value,
    num: typeof value === 'number' ? value : null,
    str:
      typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : null,
    bool: typeof value === 'boolean' ? value : null,
  };
}

/** Per device and key: the newest reading, and the run of identical values that ends it. */
export function latestRuns(readings: Pending[]): LatestInput[] {
  // One pass over (device, key, ts) order, which the ingest sorts the batch into anyway.
  let sorted = readings;
  for (let i = 1; i < readings.length; i++) {
    if (byReadingKey(readings[i - 1] as Pending, readings[i] as Pending) > 0) {
      sorted = [...readings].sort(byReadingKey);
      break;
    }
  }
  const out: LatestInput[] = [];
  let start = 0;
  while (start < sorted.length) {
    const first = sorted[start] as Pending;
    let end = start + 1;
    while (end < sorted.length) {
      const r = sorted[end] as Pending;
      if (r.deviceId !== first.deviceId || r.key !== first.key) break;
      end += 1;
    }
    const last = sorted[end - 1] as Pending;
    let run = 1;
    let runSince = last.ts;
    for (let i = end - 2; i >= start; i--) {
      const r = sorted[i] as Pending;
      if (!sameValue(r.value, last.value)) break;
      run += 1;
      runSince = r.ts;
    }
    out.push({
      deviceId: last.deviceId,
      key: last.key,
      ts: last.ts,
      value: JSON.stringify(last.value),
      run,
      runSince,
      allSame: run === end - start,
    });
    start = end;
  }
  return out;
}

function sameValue(a: ReadingValue, b: ReadingValue): boolean {
  if (a === b) return true;
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b);
}
