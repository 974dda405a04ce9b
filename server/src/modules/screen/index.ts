/** The screen module's only door: the big screen's shared aggregates, API and live stream. */
import { allowRoles } from '../identity/index.ts';

export { ScreenModule, type ScreenDependencies } from './screen.module.ts';
export type { ScreenOverview, ScreenDevices, ScreenAlerts, ScreenCrowd } from './screen.schemas.ts';
export { SCREEN_READ } from './screen.routes.ts';

allowRoles('screen.read', [
  'commander',
  'acceptor',
  'dispatcher',
  'handler',
  'grid_worker',
  'reviewer',
  'data_admin',
  'system_admin',
]);
