import type { DomainEvent, EventConsumer } from '../../platform/events/event.ts';
import type { WriteContext } from '../../platform/unit-of-work.ts';
import type { Section } from './screen-aggregator.ts';

/** Which overview sections each event type touches. */
const touchedBy: Array<[prefix: string, sections: Section[]]> = [
  ['iot.alert.', ['alerts']],
  ['iot.device.', ['devices']],
  ['iot.devices.imported', ['devices']],
  ['cases.case.', ['cases']],
  ['services.application.submitted', ['services']],
];

const eventTypes = [
  'iot.alert.raised',
  'iot.alert.acknowledged',
  'iot.alert.cleared',
  'iot.alert.closed',
  'iot.device.provisioned',
  'iot.devices.imported',
  'iot.device.updated',
  'iot.device.deleted',
  'iot.device.cameOnline',
  'iot.device.wentOffline',
  'cases.case.opened',
  'cases.case.registered',
  'cases.case.rejected',
  'cases.case.merged',
  'cases.case.dispatched',
  'cases.case.accepted',
  'cases.case.returned',
  'cases.case.handled',
  'cases.case.verificationRequested',
  'cases.case.verified',
  'cases.case.reworkRequired',
  'cases.case.closed',
  'cases.case.reopened',
  'cases.case.suspended',
  'cases.case.resumed',
  'cases.case.overdue',
  'services.application.submitted',
];

export interface ScreenChange {
  /** Regions the change happened in (any level), or null: everywhere. */
  regionIds: string[] | null;
  sections: Section[];
  /** A device came online or went offline: the map's dots follow it one by one. */
  connectivity?: { deviceId: string; online: boolean };
  /** Devices were added, moved or removed: device layers are rebuilt. */
  layout?: boolean;
}

const layoutEvents = new Set([
  'iot.device.provisioned',
  'iot.devices.imported',
  'iot.device.updated',
  'iot.device.deleted',
]);

/** What an event means for the screen: where it happened and which numbers it moves. */
export function changeOf(event: Pick<DomainEvent, 'type' | 'payload' | 'regionId'>): ScreenChange {
  const sections = touchedBy.find(([prefix]) => event.type.startsWith(prefix))?.[1] ?? [];
  if (event.type === 'iot.devices.imported') return { regionIds: null, sections, layout: true };
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  const ids = [payload.gridId, payload.streetId, payload.districtId, event.regionId].filter(
    (id): id is string => typeof id === 'string' && id.length > 0,
  );
  const change: ScreenChange = { regionIds: ids, sections };
  if (layoutEvents.has(event.type)) change.layout = true;
  if (
    (event.type === 'iot.device.cameOnline' || event.type === 'iot.device.wentOffline') &&
    typeof payload.deviceId === 'string'
  ) {
    change.connectivity = {
      deviceId: payload.deviceId,
      online: event.type === 'iot.device.cameOnline',
    };
  }
  return change;
}

/**
 * The screen's projection of the bus: it keeps no rows, it tells the aggregator which
 * regions' figures moved. Handling costs one inbox row; the recomputation happens after
 * commit, coalesced per region, and only for regions someone watches.
 */
export function screenChangesConsumer(
  onChange: (change: ScreenChange) => void,
): EventConsumer<WriteContext> {
  return {
    name: 'screen.changes',
    types: eventTypes,
    async handle(event) {
      const change = changeOf(event);
      if (change.sections.length > 0) onChange(change);
    },
  };
}
