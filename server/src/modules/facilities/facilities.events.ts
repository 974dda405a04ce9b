import { defineEvents } from '../../platform/events/event.ts';
import type { HealthLevel } from './health-model.ts';

export interface FacilitiesEvents {
  /** A facility's health level moved (e.g. good → attention): for the big screen and duty staff. */
  'facilities.health.changed': {
    facilityId: string;
    name: string;
    kind: string;
    districtId: string;
    from: HealthLevel;
    to: HealthLevel;
    score: number | null;
    at: string;
  };
}

export const facilitiesEvent = defineEvents<FacilitiesEvents>();
