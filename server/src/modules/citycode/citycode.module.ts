import type { Config } from '../../platform/config/config.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import type { Platform } from '../../platform/platform.ts';
import { PeriodicTimer } from '../../platform/timers/periodic-timer.ts';
import type { Policy } from '../identity/index.ts';
import { CitycodeKeysRepository } from './citycode-keys.repository.ts';
import { registerCitycodeRoutes } from './citycode.routes.ts';
import { CodeIssuer } from './code-issuer.service.ts';
import type { CodeKeys } from './code-format.ts';
import { loadCodeKeys, type PublicKeySet } from './code-keys.ts';
import { seedDemoCitycode, type CitizenSummary } from './demo-citycode.ts';
import { HolderRepository } from './holder.repository.ts';
import { HolderService } from './holder.service.ts';
import { ScanLog } from './scan-log.ts';
import { ThreadWriter } from './scan-log-writer.ts';
import { createCitycodeMetrics } from './citycode.metrics.ts';
import { ScanLogRepository } from './scan-log.repository.ts';
import { ScannerActivityTracker } from './scanner-activity.ts';
import { ScanWorkflow } from './scan.workflow.ts';
import { ScannerRateLimiter } from './scanner-rate-limiter.ts';
import { SceneRegistry } from './scene-registry.service.ts';
import { SceneRepository } from './scene.repository.ts';
import type { SceneType } from './scene-types.ts';

/** Creates scan log partitions ahead, drops those past the retention, prunes old counts. */
export const scanLogMaintenance = new PeriodicTimer('citycode.scans.maintain', 6 * 3_600_000);

export type CitycodeSettings = Pick<
  Config,
  | 'citycodeTtlSeconds'
  | 'citycodeKey'
  | 'citycodeScannerRate'
  | 'citycodeScannerBurst'
  | 'citycodeScanRetentionDays'
  | 'citycodeScanLogThread'
  | 'citycodeScanLogBatch'
  | 'databaseUrl'
>;

export interface CitycodeDependencies {
  /** The identity module's citizens (the demo seed gives them attributes). */
  citizens: () => Promise<CitizenSummary[]>;
}

/**
 * The city code (随申码) assembled: keys, holders, scenes and scanners, the issuer, the scan
 * workflow and its durable scan log.
 */
export class CitycodeModule {
  private codeKeys: CodeKeys | null = null;
  jwks: PublicKeySet = { keys: [] };
  readonly issuer: CodeIssuer;
  readonly scans: ScanWorkflow;
  readonly activity: ScannerActivityTracker;

  private constructor(
    private readonly platform: Platform,
    private readonly settings: CitycodeSettings,
    private readonly deps: CitycodeDependencies,
    readonly registry: SceneRegistry,
    readonly holders: HolderService,
    readonly log: ScanLog,
    private readonly logRepository: ScanLogRepository,
  ) {
    const keys = () => {
      if (!this.codeKeys) throw new Error('CitycodeModule.init() was not called');
      return this.codeKeys;
    };
    this.activity = new ScannerActivityTracker(platform.db);
    const metrics = createCitycodeMetrics(platform.metrics, () => log.queued);
    log.onLogged = (scans) => {
      this.activity.note(scans);
      let allowed = 0;
      for (const s of scans) if (s.decision === 'allow') allowed += 1;
      if (allowed > 0) metrics.scans.inc({ decision: 'allow' }, allowed);
      if (scans.length > allowed) metrics.scans.inc({ decision: 'deny' }, scans.length - allowed);
    };
    log.onBatch = (scans, seconds) => {
      metrics.batchScans.observe(scans);
      metrics.batchSeconds.observe(seconds);
    };
    this.issuer = new CodeIssuer({ keys, holders, ttlSeconds: settings.citycodeTtlSeconds });
    this.scans = new ScanWorkflow({
      keys,
      ttlSeconds: settings.citycodeTtlSeconds,
      registry,
      holders,
      log,
      limiter: new ScannerRateLimiter(),
    });
  }

  static create(
    platform: Platform,
    settings: CitycodeSettings,
    deps: CitycodeDependencies,
  ): CitycodeModule {
    const { db, uow } = platform;
    const registry = new SceneRegistry(db, uow, new SceneRepository(), {
      ratePerSecond: settings.citycodeScannerRate,
      burst: settings.citycodeScannerBurst,
    });
    const holders = new HolderService(db, uow, new HolderRepository());
    const logRepository = new ScanLogRepository();
    // PostgreSQL: batches leave through a writer thread with its own connections (one per
    // batch in flight); PGlite lives in this thread, so its batches do too.
    const threaded =
      db.kind === 'postgres' && settings.databaseUrl && settings.citycodeScanLogThread;
    const log = new ScanLog(db, logRepository, {
      // A batch leaves once 32 scans wait (ONECITY_CITYCODE_SCAN_LOG_BATCH) and a slot is free:
      // scans arrive in bursts, as their answers went out together, and a batch that leaves
      // while the rest of a burst is still being checked overlaps its commit with that work.
      // One batch per burst made the answering thread and the database take turns
      // (docs/benchmarks.md, session 6). A backlog still leaves in batches of up to 2,000.
      flushAt: settings.citycodeScanLogBatch,
      ...(threaded
        ? { writer: new ThreadWriter({ url: settings.databaseUrl!, poolSize: 3 }) }
        : {}),
    });
    const module = new CitycodeModule(
      platform,
      settings,
      deps,
      registry,
      holders,
      log,
      logRepository,
    );
    platform.registerTimer({
      kind: scanLogMaintenance.kind,
      async fire(timer, ctx) {
        await log.maintain(ctx.sql, new Date(), settings.citycodeScanRetentionDays);
        await scanLogMaintenance.next(ctx, timer);
      },
    });
    return module;
  }

  /** Loads keys (generating them on the very first start), scenes and the log's partitions. */
  async init(): Promise<void> {
    const { db, uow, timerRepository } = this.platform;
    const loaded = await loadCodeKeys(db, new CitycodeKeysRepository(), this.settings.citycodeKey);
    this.codeKeys = loaded.keys;
    this.jwks = loaded.jwks;
    await this.registry.load();
    await this.log.init();
    await scanLogMaintenance.ensure(db, uow, timerRepository, new Date(Date.now() + 60_000));
  }

  /** Waits for the scans in flight to be logged and stops the log's writer. */
  close(): Promise<void> {
    return this.log.close();
  }

  registerRoutes(http: HttpServer, policy: Policy): void {
    registerCitycodeRoutes(http, { citycode: this, policy });
  }

  async seedDemo(options: { seed: number }) {
    return seedDemoCitycode(this.registry, this.holders, await this.deps.citizens(), options);
  }

  /** Scanners with their last scan and how many they logged (the workbench's list). */
  async scannersWithActivity(sceneId?: string) {
    const scanners = await this.registry.listScanners(sceneId);
    const activity = await this.activity.list(this.platform.db.orm);
    return scanners.map((scanner) => ({ scanner, activity: activity.get(scanner.id) ?? null }));
  }

  /** A holder's scans with the scene and scanner names they were made at. */
  async scansOf(accountId: string, limit: number, offset: number) {
    const page = await this.logRepository.forHolder(this.platform.db.orm, accountId, limit, offset);
    const scanners = new Map(
      (await this.registry.scannersByIds([...new Set(page.items.map((s) => s.scannerId))])).map(
        (s) => [s.id, s],
      ),
    );
    return {
      total: page.total,
      items: page.items.map((scan) => {
        const scene = this.registry.scene(scan.sceneId);
        const scanner = scanners.get(scan.scannerId);
        return {
          id: scan.id,
          scannedAt: scan.scannedAt.toISOString(),
          decision: scan.decision,
          reason: scan.reason,
          rule: scan.rule,
          scene: {
            id: scan.sceneId,
            type: scene?.type ?? null,
            name: scene?.name ?? scan.sceneId,
            nameEn: scene?.nameEn ?? null,
          },
          scanner: {
            id: scan.scannerId,
            name: scanner?.name ?? scan.scannerId,
            place: scanner?.place ?? null,
          },
        };
      }),
    };
  }

  /** Scans per scene and minute over the last `minutes`, every minute present (zeros too). */
  async stats(minutes: number, now = Date.now()) {
    const to = Math.floor(now / 60_000) * 60_000 + 60_000;
    const from = to - minutes * 60_000;
    const counts = await this.logRepository.counts(
      this.platform.db.orm,
      new Date(from),
      new Date(to),
    );
    const sceneIds = new Set(counts.map((c) => c.sceneId));
    for (const scene of await this.registry.listScenes()) sceneIds.add(scene.id);
    const scenes = [...sceneIds].sort().map((sceneId) => {
      const scene = this.registry.scene(sceneId);
      const mine = new Map(
        counts.filter((c) => c.sceneId === sceneId).map((c) => [c.minute.getTime(), c]),
      );
      const perMinute = [];
      let allowed = 0;
      let denied = 0;
      for (let t = from; t < to; t += 60_000) {
        const c = mine.get(t);
        allowed += c?.allowed ?? 0;
        denied += c?.denied ?? 0;
        perMinute.push({
          minute: new Date(t).toISOString(),
          allowed: c?.allowed ?? 0,
          denied: c?.denied ?? 0,
        });
      }
      return {
        sceneId,
        type: (scene?.type ?? null) as SceneType | null,
        name: scene?.name ?? sceneId,
        allowed,
        denied,
        perMinute,
      };
    });
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), scenes };
  }
}
