/** The city code module's only door (随申码): codes, scenes, scanners, scans and the scan log. */
import { allowRoles } from '../identity/index.ts';

export {
  CitycodeModule,
  scanLogMaintenance,
  type CitycodeDependencies,
  type CitycodeSettings,
} from './citycode.module.ts';
export type { CitycodeEvents } from './citycode.events.ts';
export type { CitizenSummary } from './demo-citycode.ts';
export { DEMO_SCANNER_SECRET, demoScenes } from './demo-citycode.ts';
export type { ScanAnswer, DenyReason } from './scan.workflow.ts';
export type { IssuedCode } from './code-issuer.service.ts';
export { sceneTypeSpecs, type SceneType, type HolderField } from './scene-types.ts';
export { ScanFigures } from './scan-figures.repository.ts';
export const citycodeMigrations = {
  module: 'citycode',
  dir: new URL('./migrations', import.meta.url).pathname,
};

allowRoles('citycode.manage', ['system_admin']);
allowRoles('citycode.holders.manage', ['system_admin', 'data_admin']);
allowRoles('citycode.stats', ['commander', 'acceptor', 'dispatcher', 'data_admin', 'system_admin']);
