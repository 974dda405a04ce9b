/** The Open311 module's only door: GeoReport v2 at /open311/v2/ and third parties' API keys. */
import { allowRoles } from '../identity/index.ts';

export { Open311Module, type Open311Dependencies, type Open311Settings } from './open311.module.ts';
export type { Open311Events } from './open311.events.ts';
export { OPEN311_PREFIX } from './open311.routes.ts';
export { presentKey } from './open311-keys.routes.ts';
export const open311Migrations = {
  module: 'open311',
  dir: new URL('./migrations', import.meta.url).pathname,
};

allowRoles('open311.keys.manage', ['system_admin']);
