import type { Actor } from '../../platform/auth/actor.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Policy } from '../identity/index.ts';
import type { RegionScope } from '../regions/index.ts';
import {
  approvalConsumer,
  consentLogConsumer,
  type LicenceOrderSource,
} from './licences.consumers.ts';
import { LicenceRepository } from './licence.repository.ts';
import { LicenceService, type IssuingDepartment } from './licence.service.ts';
import { registerLicenceRoutes } from './licences.routes.ts';

export interface LicencesDependencies {
  policy: Policy;
  regions: RegionScope;
  /** The identity module's departments (id, code, name, region). */
  departments: () => Promise<IssuingDepartment[]>;
  departmentOf: (actor: Actor) => Promise<string | null>;
  /** A would-be holder's name and identifier (identity module). */
  holderOf: (accountId: string) => Promise<{
    id: string;
    kind: string;
    name: string;
    identifier: string | null;
  } | null>;
  /** What an approved application issues (services module). */
  orders: LicenceOrderSource;
}

/** The e-licence library assembled: keys, the service, consumers of services' events, routes. */
export class LicencesModule {
  private departments = new Map<string, IssuingDepartment>();
  private departmentsLoadedAt = 0;

  private constructor(
    private readonly deps: LicencesDependencies,
    readonly service: LicenceService,
  ) {}

  static create(platform: Platform, deps: LicencesDependencies): LicencesModule {
    const service = new LicenceService(
      platform.db,
      platform.uow,
      new LicenceRepository(),
      deps.policy,
      deps.regions,
    );
    const module = new LicencesModule(deps, service);
    platform.subscribe(approvalConsumer(service, deps.orders));
    platform.subscribe(consentLogConsumer(service));
    return module;
  }

  /** Loads (or on the first start generates) the signing keys and the department names. */
  async init(): Promise<void> {
    await this.service.init();
    await this.refreshDepartments();
  }

  /** Department names are printed on licences; called outside transactions. */
  async refreshDepartments(): Promise<void> {
    this.departments = new Map((await this.deps.departments()).map((d) => [d.id, d]));
    this.departmentsLoadedAt = Date.now();
  }

  registerRoutes(http: HttpServer): void {
    http.addHook('preHandler', (request, _reply, done) => {
      if (
        !request.url.startsWith('/api/v1/licences') ||
        (this.departments.size > 0 && Date.now() - this.departmentsLoadedAt <= 60_000)
      ) {
        return done();
      }
      this.refreshDepartments().then(() => done(), done);
    });
    registerLicenceRoutes(http, {
      licences: this.service,
      policy: this.deps.policy,
      departmentOf: this.deps.departmentOf,
      department: (id) => this.departments.get(id) ?? null,
      holderOf: this.deps.holderOf,
    });
  }
}
