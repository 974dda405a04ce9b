import type { Actor } from '../../platform/auth/actor.ts';
import type { WorkCalendarService } from '../../platform/calendar/index.ts';
import type { Sql } from '../../platform/db/database.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Policy } from '../identity/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { deadlineTimers } from './application-deadlines.ts';
import { ApplicationQueryService } from './application-query.service.ts';
import { ApplicationReviewWorkflow } from './application-review.workflow.ts';
import { ApplicationSubmissionWorkflow } from './application-submission.workflow.ts';
import { ApplicationRepository } from './application.repository.ts';
import { registerApplicationRoutes } from './applications.routes.ts';
import { CatalogueRepository } from './catalogue.repository.ts';
import { registerCatalogueRoutes } from './catalogue.routes.ts';
import { CatalogueService } from './catalogue.service.ts';
import { DepartmentDirectory, type DepartmentSummary } from './department-directory.ts';
import { FormValidator } from './form-validation.ts';
import { licenceOrders, type LicenceOrder } from './licence-orders.ts';
import { NotificationRepository } from './notification.repository.ts';
import { licenceDeliveryConsumer, notificationConsumer } from './services.consumers.ts';
import { ServicesMetricsService } from './services-metrics.service.ts';
import type { ApplicantProfile, LicenceLookup, SmsSender } from './services.ports.ts';
import { ServicesPresenter } from './services.presenter.ts';
import { LoggingSmsSender } from './sms-sender.ts';
import { UploadRepository } from './upload.repository.ts';

export interface ServicesDependencies {
  regions: RegionsService;
  policy: Policy;
  calendar: WorkCalendarService;
  /** The identity module's departments. */
  departments: () => Promise<DepartmentSummary[]>;
  /** The department a staff member reviews for (identity module). */
  departmentOf: (actor: Actor) => Promise<string | null>;
  /** Name, ID number or credit code, phone of an applicant (identity module). */
  profileOf: (accountId: string) => Promise<ApplicantProfile>;
  /** The e-licence library (licences module). */
  licences: LicenceLookup;
  /** Defaults to the logging adapter. */
  sms?: SmsSender;
}

/**
 * 一网通办 assembled: the catalogue, submission, department review with deadlines, queries,
 * notifications and metrics. Timers and consumers are registered on the platform here.
 */
export class ServicesModule {
  private constructor(
    private readonly deps: ServicesDependencies,
    readonly catalogue: CatalogueService,
    readonly submission: ApplicationSubmissionWorkflow,
    readonly review: ApplicationReviewWorkflow,
    readonly queries: ApplicationQueryService,
    readonly metrics: ServicesMetricsService,
    readonly departments: DepartmentDirectory,
    readonly presenter: ServicesPresenter,
    readonly sms: SmsSender,
    private readonly repositories: {
      applications: ApplicationRepository;
      catalogue: CatalogueRepository;
    },
  ) {}

  static create(platform: Platform, deps: ServicesDependencies): ServicesModule {
    const { db, uow } = platform;
    const applications = new ApplicationRepository();
    const catalogueRepository = new CatalogueRepository();
    const uploads = new UploadRepository();
    const notifications = new NotificationRepository();
    const forms = new FormValidator();
    const departments = new DepartmentDirectory(deps.departments);
    const catalogue = new CatalogueService(db, uow, catalogueRepository, forms);
    const sms = deps.sms ?? new LoggingSmsSender(platform.log.child({ part: 'sms' }));
    const submission = new ApplicationSubmissionWorkflow({
      db,
      uow,
      repository: applications,
      uploads,
      catalogue,
      forms,
      departments,
      regions: deps.regions,
      calendar: deps.calendar,
      licences: deps.licences,
      profileOf: deps.profileOf,
    });
    const review = new ApplicationReviewWorkflow({
      db,
      uow,
      repository: applications,
      catalogue,
      departments,
      regions: deps.regions,
      calendar: deps.calendar,
      policy: deps.policy,
      departmentOf: deps.departmentOf,
    });
    const queries = new ApplicationQueryService({
      db,
      uow,
      repository: applications,
      uploads,
      notifications,
      catalogue,
      licences: deps.licences,
      policy: deps.policy,
      regions: deps.regions,
      departmentOf: deps.departmentOf,
    });
    const metrics = new ServicesMetricsService(db, catalogue, applications, deps.calendar);
    const presenter = new ServicesPresenter(departments, () => deps.regions.rootId);
    for (const timer of deadlineTimers(applications)) platform.registerTimer(timer);
    platform.subscribe(licenceDeliveryConsumer(applications));
    platform.subscribe(
      notificationConsumer(
        applications,
        notifications,
        sms,
        platform.log.child({ part: 'notify' }),
      ),
    );
    return new ServicesModule(
      deps,
      catalogue,
      submission,
      review,
      queries,
      metrics,
      departments,
      presenter,
      sms,
      { applications, catalogue: catalogueRepository },
    );
  }

  async init(): Promise<void> {
    await this.departments.refresh(true);
  }

  /** The e-licences an approved application produces (for the licences module's consumer). */
  licenceOrders(sql: Sql, applicationId: string): Promise<LicenceOrder[]> {
    return licenceOrders(
      sql,
      applicationId,
      this.repositories.applications,
      this.repositories.catalogue,
      (id) => this.departments.get(id)?.name ?? id,
    );
  }

  registerRoutes(http: HttpServer): void {
    // Department names in responses come from a cache; the first requests after the demo
    // seed (or a minute later) reload it, outside any transaction.
    http.addHook('preHandler', (request, _reply, done) => {
      if (!request.url.startsWith('/api/v1/services/')) return done();
      this.departments.refresh().then(() => done(), done);
    });
    registerCatalogueRoutes(http, {
      catalogue: this.catalogue,
      presenter: this.presenter,
      metrics: this.metrics,
      policy: this.deps.policy,
    });
    registerApplicationRoutes(http, {
      submission: this.submission,
      review: this.review,
      queries: this.queries,
      presenter: this.presenter,
      metrics: this.metrics,
      policy: this.deps.policy,
      profileOf: this.deps.profileOf,
    });
  }
}
