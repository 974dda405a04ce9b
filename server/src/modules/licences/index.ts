/** The licences module's only door: the e-licence library (电子证照库). */
import { allowRoles } from '../identity/index.ts';

export { LicencesModule, type LicencesDependencies } from './licences.module.ts';
export {
  statusOf,
  type Holder,
  type IssueInput,
  type IssuingDepartment,
  type LicenceService,
  type LicenceStatus,
  type Verification,
  type VerificationReason,
} from './licence.service.ts';
export type { LicenceRow } from './licence.repository.ts';
export type { LicencesEvents } from './licences.events.ts';
export type { LicenceOrderSource } from './licences.consumers.ts';
export { licenceTypes, type LicenceType } from './licence-types.ts';
export { signCompact, verifyCompact, type LicenceClaims } from './licence-signing.ts';
export const licencesMigrations = {
  module: 'licences',
  dir: new URL('./migrations', import.meta.url).pathname,
};

/** Reviewers issue the types their department issues (checked against the type as well). */
allowRoles('licences.issue', ['reviewer']);
allowRoles('licences.revoke', ['reviewer', 'system_admin']);
/** System administrators revoke any licence in their region; reviewers only their department's. */
allowRoles('licences.revoke.any', ['system_admin']);
allowRoles('licences.read', ['reviewer', 'commander', 'system_admin', 'data_admin']);
