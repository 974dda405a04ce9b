/**
 * The inspections module's only door: the market-supervision inspection list on the
 * operations side, fed by facts from the service side (a new food-business licence).
 */
import { allowRoles } from '../identity/index.ts';

export { InspectionsModule, type InspectionsDependencies } from './inspections.module.ts';
export type { InspectionsEvents } from './inspections.events.ts';
export { inspectedLicenceTypes, FIRST_INSPECTION_DAYS } from './inspections.consumers.ts';
export const inspectionsMigrations = {
  module: 'inspections',
  dir: new URL('./migrations', import.meta.url).pathname,
};

allowRoles('inspections.read', ['handler', 'dispatcher', 'commander', 'system_admin']);
