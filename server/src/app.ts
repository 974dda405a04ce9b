import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { registerAuditRoutes } from './platform/audit/audit.routes.ts';
import { systemActor } from './platform/auth/actor.ts';
import { registerWorkCalendarRoutes, WorkCalendarService } from './platform/calendar/index.ts';
import type { Config } from './platform/config/config.ts';
import { AppError } from './platform/errors/app-error.ts';
import { createHttpServer, type HttpServer } from './platform/http/http-server.ts';
import { problem } from './platform/http/problem.ts';
import { authenticated } from './platform/http/request-actor.ts';
import { Platform, type PlatformOptions } from './platform/platform.ts';
import { SettingsRepository } from './platform/settings/settings.repository.ts';
import {
  AccountRepository,
  allowRoles,
  DepartmentRepository,
  IdentityService,
  identityMigrations,
  Policy,
  registerIdentityRoutes,
  SigningKeyRepository,
  TokenService,
} from './modules/identity/index.ts';
import {
  RegionRepository,
  RegionsService,
  regionsMigrations,
  registerRegionRoutes,
} from './modules/regions/index.ts';
import {
  EmbeddedMqttBroker,
  IotModule,
  iotMigrations,
  startMqttIngest,
  type MqttIngest,
} from './modules/iot/index.ts';
import {
  AlertRepository,
  AlertsService,
  alertsMigrations,
  registerAlertRoutes,
  SWEEP_TIMER,
} from './modules/alerts/index.ts';
import {
  FacilitiesService,
  FacilityRepository,
  facilitiesMigrations,
  healthScoring,
  registerFacilityRoutes,
  seedDemoFacilities,
} from './modules/facilities/index.ts';
import { CasesModule, casesMigrations } from './modules/cases/index.ts';
import { Open311Module, open311Migrations } from './modules/open311/index.ts';
import { CitycodeModule, citycodeMigrations } from './modules/citycode/index.ts';
import { SsoModule, ssoMigrations, type SsoAccount } from './modules/sso/index.ts';
import { ServicesModule, servicesMigrations } from './modules/services/index.ts';
import { LicencesModule, licencesMigrations } from './modules/licences/index.ts';
import { InspectionsModule, inspectionsMigrations } from './modules/inspections/index.ts';
import { NotificationsModule, notificationsMigrations } from './modules/notifications/index.ts';
import { ScreenModule } from './modules/screen/index.ts';
import { DemoCityWorkflow, type DemoSeedResult } from './demo/demo-city.workflow.ts';
import { seedDemoServices } from './demo/demo-services.ts';
import { seedDemoCases } from './demo/demo-cases.ts';
import {
  LiveDemo,
  liveDemoDefaults,
  liveDemoOffReason,
  type LiveDemoOptions,
} from './demo/demo-live.ts';

const serverRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const version: string = JSON.parse(
  fs.readFileSync(path.join(serverRoot, 'package.json'), 'utf8'),
).version;

/** Module migrations, in dependency order (platform's own come first). */
export const moduleMigrations = [
  regionsMigrations,
  identityMigrations,
  iotMigrations,
  alertsMigrations,
  facilitiesMigrations,
  casesMigrations,
  open311Migrations,
  citycodeMigrations,
  ssoMigrations,
  servicesMigrations,
  licencesMigrations,
  inspectionsMigrations,
  notificationsMigrations,
];

export interface OneCityOptions extends Omit<PlatformOptions, 'config' | 'logger'> {
  config: Config;
  logger: Logger;
  /** Seed the demo city when the database is empty (defaults to config.seedDemo). */
  seedDemo?: boolean;
  demoScale?: number;
  /**
   * Run the live demo (simulated demo devices over MQTT) when the config allows it: on the
   * embedded profile with the demo city loaded. Only `onecity start` asks; tests may.
   */
  liveDemo?: boolean | Partial<LiveDemoOptions>;
}

/**
 * The whole platform in one process: kernel, modules, HTTP. `start()` listens first so
 * `/healthz` answers while migrations and the first seed run, and `/readyz` turns 200 only
 * when they are done.
 */
export class OneCity {
  ready = false;
  private listening = false;
  /** Device ingest over MQTT (embedded broker or workers on ONECITY_MQTT_URL), once ready. */
  mqtt: MqttIngest | null = null;
  /** The big screen's shared aggregates (set once the modules are assembled). */
  screen!: ScreenModule;
  /** Simulated demo devices reporting, when the live demo runs. */
  liveDemo: LiveDemo | null = null;

  private constructor(
    readonly platform: Platform,
    readonly http: HttpServer,
    readonly regions: RegionsService,
    readonly identity: IdentityService,
    readonly policy: Policy,
    readonly iot: IotModule,
    readonly alerts: AlertsService,
    readonly facilities: FacilitiesService,
    readonly calendar: WorkCalendarService,
    readonly cases: CasesModule,
    readonly open311: Open311Module,
    readonly citycode: CitycodeModule,
    readonly sso: SsoModule,
    readonly services: ServicesModule,
    readonly licences: LicencesModule,
    readonly inspections: InspectionsModule,
    readonly notifications: NotificationsModule,
    readonly demo: DemoCityWorkflow,
    private readonly options: OneCityOptions,
  ) {}

  static async create(options: OneCityOptions): Promise<OneCity> {
    const { config, logger } = options;
    const platform = await Platform.open(options);
    try {
      await platform.migrate(moduleMigrations);
      const regions = new RegionsService(platform.db, platform.uow, new RegionRepository());
      await regions.load();
      const policy = new Policy(regions);
      const tokens = new TokenService(
        platform.db,
        new SigningKeyRepository(),
        config.tokenTtlSeconds,
      );
      await tokens.init();
      const identity = new IdentityService(
        platform.db,
        platform.uow,
        new AccountRepository(),
        tokens,
        policy,
        regions,
        new DepartmentRepository(),
      );
      const iot = IotModule.create(platform, {
        regions,
        policy,
        departmentIds: async () => (await identity.listDepartments({})).map((d) => d.id),
        brokerAuthSecret: config.mqttAuthSecret,
      });
      await iot.init();
      const demo = new DemoCityWorkflow(
        platform.db,
        new SettingsRepository(),
        regions,
        identity,
        logger.child({ part: 'demo' }),
        iot,
      );
      const alerts = new AlertsService(
        platform.db,
        platform.uow,
        new AlertRepository(),
        regions,
        null,
        () => iot.registry.cachedProducts(),
      );
      await alerts.refreshRules(true);
      // Rules run inside the ingest transaction: a reading and the alert it raises commit together.
      iot.ingest.addObserver({
        watches: (device) => alerts.watches(device),
        observe: async (ctx, batch, now) => {
          await alerts.refreshRules(false, ctx.sql);
          await alerts.observe(ctx, batch, now);
        },
      });
      platform.registerTimer({
        kind: SWEEP_TIMER,
        async fire(_timer, ctx) {
          await alerts.sweep(ctx);
          await alerts.nextSweep(ctx);
        },
      });
      const facilities = new FacilitiesService(
        platform.db,
        platform.uow,
        new FacilityRepository(),
        regions,
        iot,
      );
      platform.registerTimer({
        kind: healthScoring.kind,
        async fire(timer, ctx) {
          await facilities.scoreAll(ctx, new Date());
          await healthScoring.next(ctx, timer);
        },
      });
      demo.addStep('water plants and their health index', (o) =>
        seedDemoFacilities(facilities, iot, regions, { seed: o.seed }),
      );
      // Cases (一网统管 事件处置): deadlines on the work calendar; IoT alerts become cases.
      const calendar = new WorkCalendarService(platform.db, platform.uow, new SettingsRepository());
      allowRoles('calendar.manage', ['system_admin']);
      const cases = CasesModule.create(platform, {
        regions,
        policy,
        calendar,
        departments: () => identity.listDepartments({}),
        departmentOf: async (actor) =>
          (await identity.get(systemActor, actor.id)).departmentId ?? null,
      });
      await cases.init();
      demo.addStep('cases at every stage of the loop', () =>
        seedDemoCases({ cases, identity, regions }),
      );
      // Open311 GeoReport v2: third parties report into the same loop with their API keys.
      const open311 = Open311Module.create(
        platform,
        {
          jurisdictionId: config.open311JurisdictionId,
          ratePerMinute: config.open311RatePerMinute,
        },
        { cases, regions, policy },
      );
      // City code (随申码): codes, scenes and scanners, the durable scan log.
      const citycode = CitycodeModule.create(platform, config, {
        citizens: async () =>
          (await identity.list(systemActor, { kind: 'citizen', limit: 100_000, offset: 0 })).items,
      });
      await citycode.init();
      demo.addStep('city code scenes, scanners and holders', (o) =>
        citycode.seedDemo({ seed: o.seed }),
      );
      // Single sign-on: OneCity as the city's OpenID Connect provider, on identity's accounts.
      const ssoAccount = (a: SsoAccount): SsoAccount => ({
        id: a.id,
        username: a.username,
        displayName: a.displayName,
        kind: a.kind,
        assuranceLevel: a.assuranceLevel,
      });
      const sso = SsoModule.create(
        platform,
        {
          issuer: config.oidcIssuer,
          webOrigins: config.webOrigins,
          apiTokenTtlSeconds: Math.min(config.tokenTtlSeconds, 3600),
        },
        {
          account: async (id) => {
            const found = await identity.get(systemActor, id).catch(() => null);
            return found && found.status === 'active' ? ssoAccount(found) : null;
          },
          verify: async (username, password) =>
            ssoAccount((await identity.login(username, password)).account),
        },
      );
      await sso.init();
      // The web app signs in through the provider and calls the API with its access tokens.
      tokens.trustIssuer(sso.issuer, (token) => sso.verifyApiToken(token));
      // 一网通办: the service catalogue and applications, the e-licence library, and the
      // inspection list the service side feeds on the operations side (两网融合).
      const staffDepartment = async (actor: { id: string }) =>
        (await identity.get(systemActor, actor.id)).departmentId ?? null;
      const holderOf = async (id: string) => {
        const a = await identity.get(systemActor, id);
        const identifier = a.kind === 'enterprise' ? a.creditCode : a.idNumber;
        return {
          id: a.id,
          kind: a.kind,
          name: a.displayName,
          identifier,
          phone: a.phone,
          assuranceLevel: a.assuranceLevel,
        };
      };
      const services: ServicesModule = ServicesModule.create(platform, {
        regions,
        policy,
        calendar,
        departments: () => identity.listDepartments({}),
        departmentOf: staffDepartment,
        profileOf: holderOf,
        licences: {
          held: (holderId, types) => licences.service.held(holderId, types),
          find: (id) => licences.service.find(id),
        },
      });
      const licences: LicencesModule = LicencesModule.create(platform, {
        policy,
        regions,
        departments: () => identity.listDepartments({}),
        departmentOf: staffDepartment,
        holderOf: (id) => holderOf(id).catch(() => null),
        orders: { ordersFor: (sql, applicationId) => services.licenceOrders(sql, applicationId) },
      });
      const inspections = InspectionsModule.create(platform, {
        policy,
        regions,
        departmentOf: staffDepartment,
      });
      // The workbench inbox: 督办 reaches the department the case is dispatched to, a serious
      // alert (or alarm-storm incident) the department that owns the device.
      const notifications = NotificationsModule.create(platform, {
        departmentOf: staffDepartment,
        minAlertSeverity: config.notifyAlertSeverity,
      });
      await services.init();
      await licences.init();
      demo.addStep('service catalogue, bundles and e-licences of demo holders', () =>
        seedDemoServices({ services, licences, identity }),
      );
      // The big screen: shared aggregates over every module's public figures, fed by the bus.
      const screen = ScreenModule.create(platform, {
        regions,
        policy,
        iot,
        fullyOnlineShare: async () => (await services.metrics.catalogueFigures()).fullOnlineShare,
        authenticate: (token) => identity.authenticate(token),
      });
      let app: OneCity | null = null;
      const http = await createHttpServer({
        logger,
        metrics: platform.metrics,
        bodyLimitBytes: config.bodyLimitBytes,
        version,
        isReady: () => app?.ready ?? false,
        webDir: config.webDir ?? path.resolve(serverRoot, '..', 'web', 'dist'),
      });
      // While the first seed runs, the API answers 503 instead of half a city.
      http.addHook('onRequest', (request, reply, done) => {
        if (app?.ready || !request.url.startsWith('/api/v1/')) return done();
        void reply
          .status(503)
          .header('retry-after', '5')
          .type('application/problem+json')
          .send(
            problem(
              503,
              'not_ready',
              'OneCity is starting: migrations or the demo seed are running',
            ),
          );
      });
      registerIdentityRoutes(http, { identity, regions, jwks: () => tokens.jwks });
      registerRegionRoutes(http, {
        regions,
        authorize: (actor, action, regionId) => policy.authorize(actor, action, { regionId }),
      });
      iot.registerRoutes(http);
      registerAlertRoutes(http, {
        alerts,
        policy,
        cityId: () => regions.rootId,
        departments: () => identity.listDepartments({}),
      });
      registerFacilityRoutes(http, { facilities, policy, cityId: () => regions.rootId });
      cases.registerRoutes(http);
      open311.registerRoutes(http);
      citycode.registerRoutes(http, policy);
      sso.registerRoutes(http, policy);
      services.registerRoutes(http);
      licences.registerRoutes(http);
      inspections.registerRoutes(http);
      notifications.registerRoutes(http);
      screen.registerRoutes(http);
      registerWorkCalendarRoutes(http, {
        calendar,
        authorize: (request, action) => {
          const actor = authenticated(request);
          policy.authorize(actor, action);
          return actor;
        },
      });
      registerAuditRoutes(http, {
        db: platform.db,
        auditLog: platform.auditLog,
        authorize: (request, action) => {
          const actor = authenticated(request);
          policy.authorize(actor, action);
          return actor;
        },
      });
      app = new OneCity(
        platform,
        http,
        regions,
        identity,
        policy,
        iot,
        alerts,
        facilities,
        calendar,
        cases,
        open311,
        citycode,
        sso,
        services,
        licences,
        inspections,
        notifications,
        demo,
        options,
      );
      app.screen = screen;
      return app;
    } catch (error) {
      await platform.close();
      throw error;
    }
  }

  /** Seeds the demo city if wanted and not done, starts background work, marks ready. */
  async prepare(): Promise<DemoSeedResult | null> {
    let seeded: DemoSeedResult | null = null;
    const wantSeed = this.options.seedDemo ?? this.options.config.seedDemo;
    if (wantSeed && !(await this.demo.isSeeded())) {
      seeded = await this.demo.run({
        seed: this.options.config.demoSeed,
        scale: this.options.demoScale ?? 1,
      });
    }
    await this.http.ready();
    // The alert sweep reschedules itself; this plants the first one (idempotent per slot).
    await this.platform.uow.run((ctx) => this.alerts.nextSweep(ctx));
    const { db, uow, timerRepository } = this.platform;
    await healthScoring.ensure(db, uow, timerRepository, new Date(Date.now() + 60_000));
    await this.platform.startBackground();
    const { config } = this.options;
    this.mqtt = await startMqttIngest({
      url: config.mqttUrl,
      port: config.mqttPort,
      host: config.host,
      nodeId: config.nodeId,
      shareGroup: config.mqttShareGroup,
      sink: this.iot.ingest,
      tokens: this.iot.registry,
      log: this.options.logger.child({ part: 'mqtt' }),
    });
    this.ready = true;
    // The city's screen figures and device layer, built before the first screen asks.
    this.screen.warm();
    // The first start writes a few hours of history so the charts do not start empty.
    await this.startLiveDemo(seeded !== null && !seeded.skipped);
    return seeded;
  }

  private async startLiveDemo(firstStart: boolean): Promise<void> {
    const { liveDemo, config, logger } = this.options;
    if (!liveDemo || !(this.mqtt instanceof EmbeddedMqttBroker)) return;
    const off = liveDemoOffReason(config, await this.demo.isSeeded());
    if (off) {
      logger.debug(`live demo off: ${off}`);
      return;
    }
    const host = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host;
    this.liveDemo = new LiveDemo(
      { iot: this.iot, alerts: this.alerts, log: logger.child({ part: 'live-demo' }) },
      {
        ...liveDemoDefaults,
        rate: config.demoSimulateRate,
        historyHours: firstStart ? 2 : 0,
        ...(typeof liveDemo === 'object' ? liveDemo : {}),
      },
    );
    this.liveDemo.start(`mqtt://${host.includes(':') ? `[${host}]` : host}:${this.mqtt.port}`);
  }

  /** Listens on the configured port; a port in use is a clear error, not a stack trace. */
  async listen(): Promise<string> {
    const { port, host } = this.options.config;
    try {
      const address = await this.http.listen({ port, host });
      this.listening = true;
      return address;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new AppError(
          'port_in_use',
          503,
          `Port ${port} is already in use. Stop what holds it or start OneCity on another port, e.g. PORT=8081 npm start.`,
        );
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    this.ready = false;
    // The simulated devices disconnect before the broker they publish to closes.
    await this.liveDemo?.stop();
    this.liveDemo = null;
    await this.mqtt?.close();
    this.mqtt = null;
    await this.iot.close();
    if (this.listening || this.http.server.listening) await this.http.close();
    else await this.http.close().catch(() => undefined);
    await this.citycode.close();
    await this.platform.close();
  }
}
