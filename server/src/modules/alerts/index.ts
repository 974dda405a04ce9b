/** The alerts module's only door: rules, the alert lifecycle, alarm-storm incidents. */
import { allowRoles } from '../identity/index.ts';

export {
  AlertsService,
  SWEEP_TIMER,
  type ObservedBatch,
  type RuleInput,
} from './alerts.service.ts';
export { AlertRepository } from './alert.repository.ts';
export { AlertFigures, openAlertStatuses } from './alert-figures.repository.ts';
export { registerAlertRoutes } from './alerts.routes.ts';
export type { AlertsEvents, AlertSnapshot } from './alerts.events.ts';
export type { ObservedDevice } from './rule-index.ts';
export type { Condition, Reading } from './rule-condition.ts';
export const alertsMigrations = {
  module: 'alerts',
  dir: new URL('./migrations', import.meta.url).pathname,
};

allowRoles('alerts.read', [
  'commander',
  'acceptor',
  'dispatcher',
  'handler',
  'grid_worker',
  'data_admin',
  'system_admin',
]);
allowRoles('alerts.handle', ['commander', 'dispatcher', 'handler', 'grid_worker', 'system_admin']);
allowRoles('alerts.rules.manage', ['commander', 'data_admin', 'system_admin']);
