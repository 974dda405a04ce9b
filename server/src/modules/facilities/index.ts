/** The facilities module's only door: facilities built from iot devices and their health index. */
import { allowRoles } from '../identity/index.ts';

export { FacilitiesService, healthScoring, type FacilityInput } from './facilities.service.ts';
export { FacilityRepository } from './facility.repository.ts';
export { registerFacilityRoutes } from './facilities.routes.ts';
export { seedDemoFacilities } from './demo-facilities.ts';
export type { FacilitiesEvents } from './facilities.events.ts';
export type { HealthModel, HealthLevel } from './health-model.ts';
export const facilitiesMigrations = {
  module: 'facilities',
  dir: new URL('./migrations', import.meta.url).pathname,
};

allowRoles('facilities.read', [
  'commander',
  'acceptor',
  'dispatcher',
  'handler',
  'grid_worker',
  'data_admin',
  'system_admin',
]);
allowRoles('facilities.manage', ['data_admin', 'system_admin']);
