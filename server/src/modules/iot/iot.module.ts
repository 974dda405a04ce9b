import type { HttpServer } from '../../platform/http/http-server.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Policy } from '../identity/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { ConnectivityService } from './connectivity.service.ts';
import { seedDemoDevices, DEMO_DEVICES_PER_SCALE } from './demo-devices.ts';
import { registerBrokerAuthRoutes } from './broker-auth.routes.ts';
import { registerDeviceApiRoutes } from './device-api.routes.ts';
import { DeviceRegistryService, type ImportProgress } from './device-registry.service.ts';
import { DeviceRepository } from './device.repository.ts';
import { createIotMetrics } from './iot.metrics.ts';
import { registerIotRoutes } from './iot.routes.ts';
import { PeriodicTimer } from '../../platform/timers/periodic-timer.ts';
import { ProductRepository } from './product.repository.ts';
import { TelemetryIngestService } from './telemetry-ingest.service.ts';
import { TelemetryPartitions } from './telemetry-partitions.ts';
import { TelemetryQueryService } from './telemetry-query.service.ts';
import { TelemetryRepository } from './telemetry.repository.ts';

export interface IotDependencies {
  regions: RegionsService;
  policy: Policy;
  /** Ids of the departments that may own devices (from the identity module). */
  departmentIds: () => Promise<string[]>;
  /** ONECITY_MQTT_AUTH_SECRET: what an external broker sends to ask about devices. */
  brokerAuthSecret?: string | null;
}

export const connectivitySweep = new PeriodicTimer('iot.connectivity.sweep', 30_000);
export const telemetryMaintenance = new PeriodicTimer('iot.telemetry.maintain', 6 * 3600_000);

/**
 * The iot module assembled: registry, ingest, queries, connectivity, partitions, and the
 * two durable periodic timers (connectivity sweep every 30 s; partitions ahead and retention
 * every 6 h).
 */
export class IotModule {
  private constructor(
    private readonly platform: Platform,
    private readonly deps: IotDependencies,
    readonly registry: DeviceRegistryService,
    readonly ingest: TelemetryIngestService,
    readonly queries: TelemetryQueryService,
    readonly connectivity: ConnectivityService,
    readonly partitions: TelemetryPartitions,
  ) {}

  static create(platform: Platform, deps: IotDependencies): IotModule {
    const { db, uow } = platform;
    const metrics = createIotMetrics(platform.metrics);
    const devices = new DeviceRepository();
    const telemetry = new TelemetryRepository();
    const registry = new DeviceRegistryService(
      db,
      uow,
      new ProductRepository(),
      devices,
      deps.regions,
      deps.policy,
      deps.departmentIds,
    );
    const partitions = new TelemetryPartitions(db, telemetry);
    const ingest = new TelemetryIngestService(
      db,
      uow,
      registry,
      devices,
      telemetry,
      partitions,
      metrics,
      { log: platform.log.child({ part: 'iot-ingest' }) },
    );
    const queries = new TelemetryQueryService(db, registry, telemetry, ingest.writeBehind);
    const connectivity = new ConnectivityService(devices, metrics, undefined, (ids) =>
      ingest.writeBehind.forgetOnline(ids),
    );
    const module = new IotModule(
      platform,
      deps,
      registry,
      ingest,
      queries,
      connectivity,
      partitions,
    );
    platform.registerTimer({
      kind: connectivitySweep.kind,
      fire: async (timer, ctx) => {
        const { more } = await connectivity.sweep(ctx, new Date());
        await connectivitySweep.next(ctx, timer, more ? new Date(Date.now() + 1000) : undefined);
      },
    });
    platform.registerTimer({
      kind: telemetryMaintenance.kind,
      fire: async (timer, ctx) => {
        await partitions.maintain(ctx.sql, new Date(), registry.cachedProducts());
        await telemetryMaintenance.next(ctx, timer);
      },
    });
    return module;
  }

  /** Loads products, makes sure today's partitions exist and the periodic timers run. */
  async init(): Promise<void> {
    const { db, uow, timerRepository } = this.platform;
    await this.registry.loadProducts();
    const now = Date.now();
    await this.partitions.ensure([
      new Date(now - 86_400_000),
      new Date(now),
      new Date(now + 86_400_000),
    ]);
    await connectivitySweep.ensure(db, uow, timerRepository, new Date(now + 30_000));
    await telemetryMaintenance.ensure(db, uow, timerRepository, new Date(now + 60_000));
    this.ingest.writeBehind.start();
  }

  /** Writes the latest values and last-seen times still in memory (before the database closes). */
  async close(): Promise<void> {
    await this.ingest.writeBehind.stop();
  }

  registerRoutes(http: HttpServer): void {
    registerIotRoutes(http, {
      registry: this.registry,
      queries: this.queries,
      regions: this.deps.regions,
    });
    registerDeviceApiRoutes(http, { ingest: this.ingest });
    registerBrokerAuthRoutes(http, {
      isDevice: (token) => this.registry.isKnownToken(token),
      secret: this.deps.brokerAuthSecret ?? null,
    });
  }

  /** The demo city's step: ten products and 2,000 devices per scale unit across the map. */
  seedDemo(options: { seed: number; scale: number; onProgress?: (p: ImportProgress) => void }) {
    return seedDemoDevices(this.registry, this.deps.regions, {
      seed: options.seed,
      count: DEMO_DEVICES_PER_SCALE * options.scale,
      onProgress: options.onProgress,
    });
  }
}
