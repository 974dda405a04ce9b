import { defineEvents } from '../../platform/events/event.ts';
import type { HolderField, SceneType } from './scene-types.ts';

/**
 * Facts about the city code's configuration. Scans themselves are not events: at thousands
 * a second they go to the scan log, and the big screen reads its per-minute counts.
 */
export interface CitycodeEvents {
  'citycode.scene.configured': {
    sceneId: string;
    type: SceneType;
    version: number;
    status: 'active' | 'disabled';
    fields: HolderField[];
    at: string;
  };
  'citycode.scanner.registered': { scannerId: string; sceneId: string; at: string };
  'citycode.scanner.updated': {
    scannerId: string;
    sceneId: string;
    status: 'active' | 'disabled';
    keyRotated: boolean;
    at: string;
  };
  'citycode.holder.updated': { accountId: string; at: string };
}

export const citycodeEvent = defineEvents<CitycodeEvents>();
