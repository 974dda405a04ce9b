import { defineEvents } from '../../platform/events/event.ts';

export interface InspectionsEvents {
  /** A shop is on the market-supervision inspection list (for the operations screens). */
  'inspections.target.added': {
    targetId: string;
    licenceId: string;
    licenceNumber: string;
    name: string;
    address: string | null;
    districtId: string | null;
    departmentId: string;
    dueBy: string;
  };
  'inspections.target.removed': { targetId: string; licenceId: string; reason: string };
}

export const inspectionsEvent = defineEvents<InspectionsEvents>();
