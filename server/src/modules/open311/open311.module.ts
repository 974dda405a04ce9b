import type { HttpServer } from '../../platform/http/http-server.ts';
import type { Platform } from '../../platform/platform.ts';
import type { CasesModule } from '../cases/index.ts';
import type { Policy } from '../identity/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { AddressLocator } from './address-locator.ts';
import { ApiKeyService } from './api-key.service.ts';
import { GeoReportService } from './georeport.service.ts';
import { registerOpen311KeyRoutes } from './open311-keys.routes.ts';
import { Open311Repository } from './open311.repository.ts';
import { registerOpen311Routes } from './open311.routes.ts';

export interface Open311Settings {
  /** The jurisdiction_id this endpoint serves (e.g. onecity.shanghai). */
  jurisdictionId: string;
  /** Default rate limit of a new key, and of reads without a key per client address. */
  ratePerMinute: number;
}

export interface Open311Dependencies {
  cases: CasesModule;
  regions: RegionsService;
  policy: Policy;
}

/** Open311 GeoReport v2 for third parties, over the cases module's public door. */
export class Open311Module {
  private constructor(
    private readonly deps: Open311Dependencies,
    readonly keys: ApiKeyService,
    readonly georeport: GeoReportService,
  ) {}

  static create(
    platform: Platform,
    settings: Open311Settings,
    deps: Open311Dependencies,
  ): Open311Module {
    const { db, uow } = platform;
    const repository = new Open311Repository();
    const keys = new ApiKeyService(db, uow, repository, { ratePerMinute: settings.ratePerMinute });
    const georeport = new GeoReportService({
      db,
      uow,
      repository,
      cases: deps.cases,
      regions: deps.regions,
      locator: new AddressLocator(deps.regions),
      jurisdictionId: settings.jurisdictionId,
    });
    return new Open311Module(deps, keys, georeport);
  }

  registerRoutes(http: HttpServer): void {
    registerOpen311Routes(http, { georeport: this.georeport, keys: this.keys });
    registerOpen311KeyRoutes(http, { keys: this.keys, policy: this.deps.policy });
  }
}
