import { defineEvents } from '../../platform/events/event.ts';
import type { AlertStatus, Severity } from './alert.repository.ts';

/** The issue text names these `iot.alert.*`: they are facts about devices, raised by this module. */
export interface AlertSnapshot {
  alertId: string;
  ruleId: string;
  ruleName: string;
  severity: Severity;
  status: AlertStatus;
  deviceId: string;
  deviceName: string;
  productId: string;
  gridId: string | null;
  streetId: string | null;
  districtId: string | null;
  /** The department that owns the device (iot's registry when the alert was raised), or null. */
  departmentId: string | null;
  location: [number, number] | null;
  reason: string;
  incidentId: string | null;
  at: string;
  by: string;
}

/** An incident (alarm storm) as its opening and growth announce it. */
export interface IncidentFacts {
  incidentId: string;
  ruleId: string;
  title: string;
  severity: Severity;
  streetId: string;
  districtId: string | null;
  alertCount: number;
  departmentIds: string[];
}

export interface AlertsEvents {
  'iot.alert.raised': AlertSnapshot;
  'iot.alert.acknowledged': AlertSnapshot;
  'iot.alert.cleared': AlertSnapshot;
  'iot.alert.closed': AlertSnapshot;
  /**
   * `departmentIds`: the departments owning the devices of the alerts that formed the
   * incident (distinct, sorted; devices without a department add none).
   */
  'iot.incident.opened': IncidentFacts;
  /**
   * Alerts raised later joined an open incident. `departmentIds` are the departments owning
   * the devices of the alerts that joined in this step (distinct, sorted), so a department
   * first involved now can be told once; `alertCount` is the incident's count after joining.
   */
  'iot.incident.extended': IncidentFacts;
  'iot.incident.closed': { incidentId: string; ruleId: string; streetId: string };
}

export const alertsEvent = defineEvents<AlertsEvents>();
