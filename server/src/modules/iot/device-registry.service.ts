import crypto from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import {
  AppError,
  badRequest,
  conflict,
  forbidden,
  notFound,
} from '../../platform/errors/app-error.ts';
import type { UnitOfWork } from '../../platform/unit-of-work.ts';
import type { Policy } from '../identity/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { CredentialCache } from './credential-cache.ts';
import { checkRow, type DeviceDraft, type ImportError } from './device-import.ts';
import type {
  DeviceCredential,
  DeviceFilter,
  DeviceRepository,
  DeviceWithState,
  NewDevice,
} from './device.repository.ts';
import { iotEvent } from './iot.events.ts';
import { iotActions } from './iot.policy.ts';
import type { NewProduct, ProductRepository, ProductRow } from './product.repository.ts';
import { offlineAfterSeconds, validateThingModel, type ThingModel } from './thing-model.ts';

export interface ImportReport {
  created: number;
  failed: number;
  errors: ImportError[];
}

export interface ImportProgress {
  done: number;
  total: number;
  created: number;
  failed: number;
}

export interface DeviceInput {
  name: string;
  productId: string;
  tags?: string[];
  location?: { lng: number; lat: number } | null;
  departmentId?: string | null;
  token?: string | null;
}

export interface DeviceChange {
  name?: string;
  tags?: string[];
  location?: { lng: number; lat: number } | null;
  departmentId?: string | null;
}

export const IMPORT_BATCH = 1_000;

/** A random device credential: 24 characters of base64url, 144 bits. */
export function newToken(): string {
  return crypto.randomBytes(18).toString('base64url');
}

/**
 * Products and the device registry: provisioning one by one or in bulk, region-scoped reads
 * and writes, and credential lookups for ingest (cache in front of the unique index).
 */
export class DeviceRegistryService {
  private readonly credentials = new CredentialCache();
  private productCache = new Map<string, ProductRow>();
  private productsLoadedAt = 0;

  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly products: ProductRepository,
    private readonly devices: DeviceRepository,
    private readonly regions: RegionsService,
    private readonly policy: Policy,
    private readonly departmentIds: () => Promise<string[]>,
  ) {}

  // —— products ——

  async loadProducts(): Promise<void> {
    const list = await this.products.list(this.db.orm);
    this.productCache = new Map(list.map((p) => [p.id, p]));
    this.productsLoadedAt = Date.now();
  }

  /** Products from memory; reloaded every minute and when an unknown id is asked for. */
  async product(id: string): Promise<ProductRow | undefined> {
    const stale = Date.now() - this.productsLoadedAt > 60_000;
    if (stale || !this.productCache.has(id)) await this.loadProducts();
    return this.productCache.get(id);
  }

  async listProducts(): Promise<ProductRow[]> {
    await this.loadProducts();
    return [...this.productCache.values()];
  }

  async getProduct(id: string): Promise<ProductRow> {
    const product = await this.product(id);
    if (!product) throw notFound('product', id);
    return product;
  }

  /** The longest retention of any product: older partitions hold nothing anyone keeps. */
  maxRetentionDays(): number {
    let max = 0;
    for (const p of this.productCache.values()) max = Math.max(max, p.retentionDays);
    return max || 180;
  }

  cachedProducts(): ProductRow[] {
    return [...this.productCache.values()];
  }

  async createProducts(actor: Actor, list: NewProduct[]): Promise<number> {
    this.policy.authorize(actor, iotActions.manageProducts);
    for (const p of list) assertModel(p.thingModel);
    const inserted = await this.uow.run(async (ctx) => {
      const n = await this.products.insertMany(ctx.sql, list);
      for (const p of list) {
        await ctx.emit(
          iotEvent('iot.product.created', { productId: p.id, name: p.name }, { actorId: actor.id }),
        );
      }
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'iot.products.create',
        target: {
          type: 'iot-product',
          id: list
            .map((p) => p.id)
            .join(',')
            .slice(0, 200),
        },
        details: { products: list.length, inserted: n },
      });
      return n;
    });
    await this.loadProducts();
    return inserted;
  }

  async createProduct(actor: Actor, input: NewProduct): Promise<ProductRow> {
    this.policy.authorize(actor, iotActions.manageProducts);
    if (await this.product(input.id)) {
      throw conflict('product_exists', `Product ${input.id} exists already`);
    }
    await this.createProducts(actor, [input]);
    return this.getProduct(input.id);
  }

  async updateProduct(
    actor: Actor,
    id: string,
    change: {
      name?: string;
      nameEn?: string;
      description?: string;
      thingModel?: ThingModel;
      retentionDays?: number;
    },
  ): Promise<ProductRow> {
    this.policy.authorize(actor, iotActions.manageProducts);
    await this.getProduct(id);
    if (change.thingModel) assertModel(change.thingModel);
    await this.uow.run(async (ctx) => {
      await this.products.update(ctx.sql, id, change);
      const retentionDays = change.retentionDays ?? (await this.getProduct(id)).retentionDays;
      await ctx.emit(
        iotEvent('iot.product.updated', { productId: id, retentionDays }, { actorId: actor.id }),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'iot.products.update',
        target: { type: 'iot-product', id },
        details: { fields: Object.keys(change) },
      });
    });
    await this.loadProducts();
    return this.getProduct(id);
  }

  // —— credentials (the ingest path) ——

  /** Resolves device tokens: memory first, then one query for all misses. */
  /** Whether a device has this access token (cached like every token lookup). */
  async isKnownToken(token: string): Promise<boolean> {
    return ((await this.resolveTokens([token])).get(token) ?? null) !== null;
  }

  async resolveTokens(tokens: Iterable<string>): Promise<Map<string, DeviceCredential | null>> {
    const result = new Map<string, DeviceCredential | null>();
    const misses: string[] = [];
    const now = Date.now();
    for (const token of tokens) {
      if (result.has(token)) continue;
      const cached = this.credentials.get(token, now);
      if (cached === undefined) {
        misses.push(token);
        result.set(token, null);
      } else result.set(token, cached);
    }
    if (misses.length) {
      // Only well-formed tokens reach the index; anything else is unknown by construction.
      const plausible = misses.filter((t) => t.length >= 8 && t.length <= 128);
      const found = await this.devices.findByTokens(this.db.orm, plausible);
      for (const token of misses) {
        const credential = found.get(token) ?? null;
        this.credentials.set(token, credential, now);
        result.set(token, credential);
      }
    }
    return result;
  }

  // —— devices ——

  async get(actor: Actor, id: string): Promise<DeviceWithState> {
    const device = await this.devices.findById(this.db.orm, id);
    if (!device) throw notFound('device', id);
    this.policy.authorize(actor, iotActions.readDevices, { regionId: regionOf(device) });
    return device;
  }

  canManage(actor: Actor, device: DeviceWithState): boolean {
    return this.policy.can(actor, iotActions.manageDevices, { regionId: regionOf(device) });
  }

  async list(
    actor: Actor,
    filter: Omit<DeviceFilter, 'scopes' | 'regionId'> & { regionId?: string },
  ): Promise<{ items: DeviceWithState[]; total: number }> {
    return this.devices.list(this.db.orm, {
      ...filter,
      ...this.scopeFilter(actor, filter.regionId),
    });
  }

  /** The region conditions of a list: an asked-for region must lie in the actor's scope. */
  scopeFilter(actor: Actor, regionId?: string): Pick<DeviceFilter, 'scopes' | 'regionId'> {
    const root = this.regions.rootId;
    if (regionId) {
      if (!this.regions.exists(regionId)) throw notFound('region', regionId);
      this.policy.authorize(actor, iotActions.readDevices, { regionId });
      return { scopes: null, regionId: regionId === root ? undefined : regionId };
    }
    const scopes = this.policy.scopesFor(actor, iotActions.readDevices);
    if (scopes.length === 0) throw forbidden(`${actor.username} may not ${iotActions.readDevices}`);
    return { scopes: scopes.includes(root) ? null : scopes };
  }

  async create(actor: Actor, input: DeviceInput): Promise<DeviceWithState> {
    this.requireSomeScope(actor, iotActions.manageDevices);
    const { draft, errors } = checkRow(1, {
      name: input.name,
      productId: input.productId,
      tags: input.tags,
      lng: input.location?.lng,
      lat: input.location?.lat,
      departmentId: input.departmentId ?? undefined,
      token: input.token ?? undefined,
    });
    const [first] = errors;
    if (!draft || first) throw badRequest('invalid_device', `${first?.field}: ${first?.message}`);
    const departments = new Set(await this.departmentIds());
    const placed = await this.place(actor, draft, departments);
    if ('error' in placed) {
      const { field, message, status } = placed.error;
      if (status === 403) throw forbidden(message);
      throw badRequest('invalid_device', `${field}: ${message}`, { field });
    }
    if ((await this.devices.takenNames(this.db.orm, [draft.name])).size) {
      throw conflict('device_name_taken', `A device named ${draft.name} exists already`);
    }
    if (draft.token && (await this.devices.takenTokens(this.db.orm, [draft.token])).size) {
      throw conflict('device_token_taken', 'This token belongs to another device');
    }
    const inserted = await this.uow.run(async (ctx) => {
      const ids = await this.devices.insertMany(ctx.sql, [placed.device]);
      if (ids.size === 0) return false;
      const d = placed.device;
      await ctx.emit(
        iotEvent(
          'iot.device.provisioned',
          {
            deviceId: d.id,
            productId: d.productId,
            name: d.name,
            gridId: d.gridId,
            departmentId: d.departmentId,
          },
          { actorId: actor.id, regionId: d.gridId },
        ),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'iot.devices.create',
        target: { type: 'iot-device', id: d.id },
        regionId: d.gridId,
        details: { name: d.name, productId: d.productId },
      });
      return true;
    });
    if (!inserted)
      throw conflict('device_name_taken', `A device named ${draft.name} exists already`);
    this.credentials.delete(placed.device.token);
    return this.get(actor, placed.device.id);
  }

  async update(actor: Actor, id: string, change: DeviceChange): Promise<DeviceWithState> {
    const device = await this.get(actor, id);
    this.policy.authorize(actor, iotActions.manageDevices, { regionId: regionOf(device) });
    const { draft, errors } = checkRow(1, {
      name: change.name ?? device.name,
      productId: device.productId,
      tags: change.tags ?? device.tags,
      lng: change.location === undefined ? (device.lng ?? undefined) : change.location?.lng,
      lat: change.location === undefined ? (device.lat ?? undefined) : change.location?.lat,
      departmentId:
        change.departmentId === undefined
          ? (device.departmentId ?? undefined)
          : (change.departmentId ?? undefined),
    });
    const [first] = errors;
    if (!draft || first) throw badRequest('invalid_device', `${first?.field}: ${first?.message}`);
    const placed = await this.place(actor, draft, new Set(await this.departmentIds()));
    if ('error' in placed) {
      if (placed.error.status === 403) throw forbidden(placed.error.message);
      throw badRequest('invalid_device', `${placed.error.field}: ${placed.error.message}`);
    }
    if (
      draft.name !== device.name &&
      (await this.devices.takenNames(this.db.orm, [draft.name])).size
    ) {
      throw conflict('device_name_taken', `A device named ${draft.name} exists already`);
    }
    const p = placed.device;
    await this.uow.run(async (ctx) => {
      await this.devices.update(ctx.sql, id, {
        name: p.name,
        tags: p.tags,
        lng: p.lng,
        lat: p.lat,
        gridId: p.gridId,
        streetId: p.streetId,
        districtId: p.districtId,
        departmentId: p.departmentId,
      });
      const fields = Object.keys(change);
      await ctx.emit(
        iotEvent(
          'iot.device.updated',
          { deviceId: id, fields },
          { actorId: actor.id, regionId: p.gridId },
        ),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'iot.devices.update',
        target: { type: 'iot-device', id },
        regionId: p.gridId,
        details: { fields },
      });
    });
    this.credentials.delete(device.token);
    return this.get(actor, id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const device = await this.get(actor, id);
    this.policy.authorize(actor, iotActions.manageDevices, { regionId: regionOf(device) });
    await this.uow.run(async (ctx) => {
      await this.devices.delete(ctx.sql, id);
      await ctx.emit(
        iotEvent(
          'iot.device.deleted',
          { deviceId: id, productId: device.productId },
          { actorId: actor.id, regionId: device.gridId },
        ),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'iot.devices.delete',
        target: { type: 'iot-device', id },
        regionId: device.gridId,
        details: { name: device.name },
      });
    });
    this.credentials.delete(device.token);
  }

  /**
   * Bulk provisioning: every row is checked on its own; good rows are inserted in batches
   * of 1,000 (one transaction, one event and one audit entry each), bad rows are reported
   * with their row number and field and never stop the good ones. Names are unique: a row
   * whose name exists already is reported, so importing the same file twice creates nothing
   * the second time.
   */
  async importDevices(
    actor: Actor,
    records: Array<Record<string, unknown>>,
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<ImportReport> {
    this.requireSomeScope(actor, iotActions.manageDevices);
    await this.loadProducts();
    const departments = new Set(await this.departmentIds());
    const errors: ImportError[] = [];
    const seenNames = new Set<string>();
    const seenTokens = new Set<string>();
    let created = 0;
    let failedRows = 0;
    const failedRowNumbers = new Set<number>();
    const fail = (list: ImportError[]) => {
      for (const e of list) {
        errors.push(e);
        if (!failedRowNumbers.has(e.row)) {
          failedRowNumbers.add(e.row);
          failedRows += 1;
        }
      }
    };
    for (let start = 0; start < records.length; start += IMPORT_BATCH) {
      const batch: Array<NewDevice & { offlineAfterS: number; row: number }> = [];
      records.slice(start, start + IMPORT_BATCH).forEach((record, i) => {
        const row = start + i + 1;
        const { draft, errors: rowErrors } = checkRow(row, record);
        if (!draft) return fail(rowErrors);
        if (seenNames.has(draft.name)) {
          return fail([
            { row, field: 'name', message: 'appears on an earlier row of this import' },
          ]);
        }
        if (draft.token && seenTokens.has(draft.token)) {
          return fail([
            { row, field: 'token', message: 'appears on an earlier row of this import' },
          ]);
        }
        seenNames.add(draft.name);
        if (draft.token) seenTokens.add(draft.token);
        const placed = this.placeSync(actor, draft, departments);
        if ('error' in placed) {
          return fail([{ row, field: placed.error.field, message: placed.error.message }]);
        }
        batch.push({ ...placed.device, row });
      });
      const takenNames = await this.devices.takenNames(
        this.db.orm,
        batch.map((d) => d.name),
      );
      const takenTokens = await this.devices.takenTokens(
        this.db.orm,
        batch.map((d) => d.token),
      );
      const good = batch.filter((d) => {
        if (takenNames.has(d.name)) {
          fail([{ row: d.row, field: 'name', message: `a device named ${d.name} exists already` }]);
          return false;
        }
        if (takenTokens.has(d.token)) {
          fail([{ row: d.row, field: 'token', message: 'belongs to another device' }]);
          return false;
        }
        return true;
      });
      if (good.length) {
        const inserted = await this.uow.run(async (ctx) => {
          const ids = await this.devices.insertMany(
            ctx.sql,
            good.map(({ row: _row, ...device }) => device),
          );
          if (ids.size) {
            await ctx.emit(
              iotEvent(
                'iot.devices.imported',
                {
                  count: ids.size,
                  deviceIds: [...ids],
                  productIds: [...new Set(good.map((d) => d.productId))],
                },
                { actorId: actor.id },
              ),
            );
            await ctx.audit({
              actor: { id: actor.id, name: actor.displayName },
              action: 'iot.devices.import',
              target: { type: 'iot-device-batch', id: good[0]?.id ?? 'empty' },
              details: { rows: good.length, inserted: ids.size, firstRow: good[0]?.row },
            });
          }
          return ids;
        });
        for (const d of good) {
          if (inserted.has(d.id)) {
            created += 1;
            this.credentials.delete(d.token);
          } else {
            fail([{ row: d.row, field: 'name', message: 'was taken by a concurrent import' }]);
          }
        }
      }
      onProgress?.({
        done: Math.min(start + IMPORT_BATCH, records.length),
        total: records.length,
        created,
        failed: failedRows,
      });
    }
    errors.sort((a, b) => a.row - b.row);
    return { created, failed: failedRows, errors };
  }

  private requireSomeScope(actor: Actor, action: string): void {
    if (this.policy.scopesFor(actor, action).length === 0) {
      throw forbidden(`${actor.username} may not ${action}`);
    }
  }

  private async place(actor: Actor, draft: DeviceDraft, departments: Set<string>) {
    await this.loadProducts();
    return this.placeSync(actor, draft, departments);
  }

  /** Product, department, location → grid/street/district, and the actor's region scope. */
  private placeSync(
    actor: Actor,
    draft: DeviceDraft,
    departments: Set<string>,
  ):
    | { device: NewDevice & { offlineAfterS: number } }
    | { error: { field: string; message: string; status: 400 | 403 } } {
    const product = this.productCache.get(draft.productId);
    if (!product) {
      return {
        error: { field: 'productId', message: `no product ${draft.productId}`, status: 400 },
      };
    }
    if (draft.departmentId && !departments.has(draft.departmentId)) {
      return {
        error: {
          field: 'departmentId',
          message: `no department ${draft.departmentId}`,
          status: 400,
        },
      };
    }
    let located: ReturnType<RegionsService['locate']> = null;
    if (draft.location) {
      located = this.regions.locate(draft.location.lng, draft.location.lat);
      if (!located?.grid) {
        return {
          error: { field: 'lng', message: 'the location lies outside the city map', status: 400 },
        };
      }
    }
    const regionId = located?.grid?.id ?? this.regions.rootId;
    if (!this.policy.can(actor, iotActions.manageDevices, { regionId })) {
      return {
        error: {
          field: draft.location ? 'lng' : 'location',
          message: `${actor.username} may not ${iotActions.manageDevices} in region ${regionId}`,
          status: 403,
        },
      };
    }
    return {
      device: {
        id: crypto.randomUUID(),
        productId: product.id,
        name: draft.name,
        token: draft.token ?? newToken(),
        tags: draft.tags,
        lng: draft.location?.lng ?? null,
        lat: draft.location?.lat ?? null,
        gridId: located?.grid?.id ?? null,
        streetId: located?.street?.id ?? null,
        districtId: located?.district?.id ?? null,
        departmentId: draft.departmentId,
        offlineAfterS: offlineAfterSeconds(product.thingModel),
      },
    };
  }
}

/** The region a device is authorized in: its grid, or the whole city when it has none. */
export function regionOf(device: { gridId: string | null }): string | undefined {
  return device.gridId ?? undefined;
}

function assertModel(model: unknown): void {
  const problems = validateThingModel(model);
  if (problems.length) {
    throw new AppError(
      'invalid_thing_model',
      400,
      problems.map((p) => `thingModel${p.path.replace(/\//g, '.')}: ${p.message}`).join('; '),
      {
        errors: problems.map((p) => ({
          path: `thingModel${p.path.replace(/\//g, '.')}`,
          message: p.message,
        })),
      },
    );
  }
}
