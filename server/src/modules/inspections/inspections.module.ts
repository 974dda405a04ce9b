import type { Actor } from '../../platform/auth/actor.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Policy } from '../identity/index.ts';
import type { RegionScope } from '../regions/index.ts';
import { InspectionTargetRepository } from './inspection-target.repository.ts';
import { licenceInspectionConsumer } from './inspections.consumers.ts';
import { registerInspectionRoutes } from './inspections.routes.ts';

export interface InspectionsDependencies {
  policy: Policy;
  regions: RegionScope;
  departmentOf: (actor: Actor) => Promise<string | null>;
}

/** The inspection list: one table, one consumer of licence facts, one read route. */
export class InspectionsModule {
  private constructor(
    private readonly platform: Platform,
    private readonly deps: InspectionsDependencies,
    private readonly repository: InspectionTargetRepository,
  ) {}

  static create(platform: Platform, deps: InspectionsDependencies): InspectionsModule {
    const repository = new InspectionTargetRepository();
    platform.subscribe(licenceInspectionConsumer(repository));
    return new InspectionsModule(platform, deps, repository);
  }

  /** The list as the given reader sees it (tests, other modules' screens). */
  list(filter: { departmentId?: string; status?: 'scheduled' | 'removed' }) {
    return this.repository.list(this.platform.db.orm, {
      districtIds: null,
      ...filter,
      limit: 500,
      offset: 0,
    });
  }

  registerRoutes(http: HttpServer): void {
    registerInspectionRoutes(http, {
      db: this.platform.db,
      repository: this.repository,
      ...this.deps,
    });
  }
}
