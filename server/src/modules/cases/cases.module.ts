import type { Actor } from '../../platform/auth/actor.ts';
import type { WorkCalendarService } from '../../platform/calendar/index.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import type { Platform } from '../../platform/platform.ts';
import { SettingsRepository } from '../../platform/settings/settings.repository.ts';
import type { Policy } from '../identity/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { alertCaseConsumer } from './alert-case.consumer.ts';
import { CaseCatalog } from './case-catalog.service.ts';
import { registerCaseCatalogRoutes } from './case-catalog.routes.ts';
import { CaseClassRepository } from './case-class.repository.ts';
import { deadlineTimers } from './case-deadline.timers.ts';
import { CaseEvaluationRepository } from './case-evaluation.repository.ts';
import { registerCaseEvaluationRoutes } from './case-evaluation.routes.ts';
import { CaseEvaluationService } from './case-evaluation.service.ts';
import { CaseIntakeWorkflow } from './case-intake.workflow.ts';
import { CasePublicRepository } from './case-public.repository.ts';
import { CasePublicService } from './case-public.service.ts';
import { CasePhotoRepository } from './case-photo.repository.ts';
import { CasePhotoService } from './case-photo.service.ts';
import { registerCasePhotoRoutes } from './case-photos.routes.ts';
import { CaseQueryService } from './case-query.service.ts';
import { CaseSettingsStore } from './case-settings.ts';
import { CaseTimelineRepository } from './case-timeline.repository.ts';
import { CaseTransitionWorkflow } from './case-transition.workflow.ts';
import { CaseRepository } from './case.repository.ts';
import { registerCaseRoutes } from './cases.routes.ts';
import { DepartmentDirectory, type DepartmentSummary } from './department-directory.ts';

export interface CasesDependencies {
  regions: RegionsService;
  policy: Policy;
  calendar: WorkCalendarService;
  /** The identity module's departments. */
  departments: () => Promise<DepartmentSummary[]>;
  /** The department a staff member belongs to (identity module). */
  departmentOf: (actor: Actor) => Promise<string | null>;
}

/**
 * The cases module assembled: classification and rules, intake, the transition workflow,
 * queries, photos, the deadline timers and the IoT alert consumer.
 */
export class CasesModule {
  private constructor(
    private readonly deps: CasesDependencies,
    readonly catalog: CaseCatalog,
    readonly settings: CaseSettingsStore,
    readonly departments: DepartmentDirectory,
    readonly intake: CaseIntakeWorkflow,
    readonly transitions: CaseTransitionWorkflow,
    readonly queries: CaseQueryService,
    readonly photos: CasePhotoService,
    /** The cases as public channels (Open311) show them. */
    readonly publicCases: CasePublicService,
    /** 考核评价: the loop's figures per department, region and period. */
    readonly evaluation: CaseEvaluationService,
  ) {}

  static create(platform: Platform, deps: CasesDependencies): CasesModule {
    const { db, uow } = platform;
    const repository = new CaseRepository();
    const timeline = new CaseTimelineRepository();
    const photoRepository = new CasePhotoRepository();
    const settings = new CaseSettingsStore(db, uow, new SettingsRepository());
    const departments = new DepartmentDirectory(deps.departments);
    const catalog = new CaseCatalog(db, uow, new CaseClassRepository(), deps.regions, departments);
    const shared = {
      db,
      uow,
      repository,
      timeline,
      photos: photoRepository,
      catalog,
      regions: deps.regions,
      policy: deps.policy,
      calendar: deps.calendar,
      settings,
    };
    const intake = new CaseIntakeWorkflow(shared);
    const transitions = new CaseTransitionWorkflow({
      ...shared,
      departments,
      departmentOf: deps.departmentOf,
    });
    const queries = new CaseQueryService({
      ...shared,
      departments,
      intake,
      departmentOf: deps.departmentOf,
    });
    const photos = new CasePhotoService({
      db,
      uow,
      photos: photoRepository,
      repository,
      timeline,
      settings,
      queries,
    });
    for (const handler of deadlineTimers({
      repository,
      timeline,
      calendar: deps.calendar,
      settings,
      cityId: () => deps.regions.rootId,
    })) {
      platform.registerTimer(handler);
    }
    platform.subscribe(
      alertCaseConsumer({
        catalog,
        intake,
        transitions,
        repository,
        timeline,
        regions: deps.regions,
      }),
    );
    return new CasesModule(
      deps,
      catalog,
      settings,
      departments,
      intake,
      transitions,
      queries,
      photos,
      new CasePublicService({
        db,
        repository,
        publicRepository: new CasePublicRepository(),
        timeline,
        catalog,
        departments,
        regions: deps.regions,
      }),
      new CaseEvaluationService({
        db,
        repository: new CaseEvaluationRepository(),
        policy: deps.policy,
        regions: deps.regions,
        departments,
      }),
    );
  }

  /** Seeds the GB/T 30428 catalog into an empty database and loads the caches. */
  async init(): Promise<void> {
    await this.catalog.ensureSeeded();
    await this.deps.calendar.refresh(undefined, true);
    await this.departments.refresh(true);
  }

  registerRoutes(http: HttpServer): void {
    const { regions, policy } = this.deps;
    registerCaseRoutes(http, {
      intake: this.intake,
      transitions: this.transitions,
      queries: this.queries,
      catalog: this.catalog,
      regions,
    });
    registerCasePhotoRoutes(http, { photos: this.photos });
    registerCaseEvaluationRoutes(http, { evaluation: this.evaluation });
    registerCaseCatalogRoutes(http, {
      catalog: this.catalog,
      settings: this.settings,
      departments: this.departments,
      regions,
      policy,
    });
  }
}
