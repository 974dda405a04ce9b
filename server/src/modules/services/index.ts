/** The services module's only door (一网通办): catalogue, bundles, applications, reviews. */
import { allowRoles } from '../identity/index.ts';

export { ServicesModule, type ServicesDependencies } from './services.module.ts';
export type { ServicesEvents, ApplicationFact, TaskFact } from './services.events.ts';
export type { LicenceOrder } from './licence-orders.ts';
export type { ApplicantProfile, HeldLicence, LicenceLookup, SmsSender } from './services.ports.ts';
export { LoggingSmsSender } from './sms-sender.ts';
export { ApplicationFigures } from './application-figures.repository.ts';
export type {
  Audience,
  BundleDefinition,
  FieldSchema,
  FormSchema,
  ItemKind,
  Material,
  OnlineLevel,
  ServiceItem,
} from './service-catalogue.ts';
export { lifeEvents, topics } from './service-catalogue.ts';
export type { ApplicationStatus, TaskAction, TaskStatus } from './application-workflow.ts';
export { TASK_DUE_TIMER, TASK_WARN_TIMER } from './application-deadlines.ts';
export const servicesMigrations = {
  module: 'services',
  dir: new URL('./migrations', import.meta.url).pathname,
};

/** Reviewers work on their own department's tasks (the department is checked as well). */
allowRoles('services.review', ['reviewer']);
/** Supervisors read applications in their region; reviewers read those their department has a task on. */
allowRoles('services.read', ['commander', 'system_admin', 'data_admin']);
allowRoles('services.metrics', ['commander', 'system_admin', 'data_admin', 'reviewer']);
allowRoles('services.catalogue.manage', ['system_admin', 'data_admin']);
