import crypto from 'node:crypto';
import type { DomainEvent, EventConsumer } from '../../platform/events/event.ts';
import type { WriteContext } from '../../platform/unit-of-work.ts';
import type { AlertsEvents } from '../alerts/index.ts';
import type { NotificationRepository } from './notification.repository.ts';

/** The alert severities, most severe first (the alerts module's scale). */
export const alertSeverities = ['critical', 'major', 'minor', 'warning', 'info'] as const;
export type AlertSeverity = (typeof alertSeverities)[number];

/** By default the two highest levels page a department; minor, warning and info do not. */
export const DEFAULT_MIN_ALERT_SEVERITY: AlertSeverity = 'major';

/** Whether `severity` is at or above `minimum` on the scale. */
export function severityReaches(severity: string, minimum: AlertSeverity): boolean {
  const at = alertSeverities.indexOf(severity as AlertSeverity);
  return at !== -1 && at <= alertSeverities.indexOf(minimum);
}

/** The alert facts this inbox turns into notifications. */
export const alertNotifiedEvents = [
  'iot.alert.raised',
  'iot.incident.opened',
  'iot.incident.extended',
] as const;

/**
 * 一网统管: an alert reaches the department that owns its device, without paging it thousands of
 * times in an alarm storm.
 *
 * - `iot.alert.raised` at or above the minimum severity notifies the device's department once —
 *   unless the alert already belongs to an incident (a storm), which has notified instead.
 *   A device without a department notifies nobody (its case, once dispatched, reaches one).
 * - `iot.incident.opened` at or above the minimum severity notifies, once each, the departments
 *   owning the devices whose alerts formed it; `iot.incident.extended` (alerts joining it later)
 *   notifies those of the joining alerts' departments that have not heard of the incident yet.
 *   Each department hears of an incident once: the table keeps one notification per incident
 *   and department, whichever event comes first.
 *
 * Idempotent as the 督办 consumer: the runner skips a handled event, and the table keeps one
 * notification per event and department.
 */
export function alertNotificationsConsumer(
  repository: NotificationRepository,
  minimum: AlertSeverity = DEFAULT_MIN_ALERT_SEVERITY,
): EventConsumer<WriteContext> {
  return {
    name: 'notifications.alerts',
    types: [...alertNotifiedEvents],
    async handle(event: DomainEvent, ctx: WriteContext) {
      const createdAt = new Date(event.occurredAt);
      if (event.type === 'iot.alert.raised') {
        const alert = event.payload as AlertsEvents['iot.alert.raised'];
        if (!alert.departmentId || alert.incidentId) return;
        if (!severityReaches(alert.severity, minimum)) return;
        await repository.add(ctx.sql, {
          id: crypto.randomUUID(),
          eventId: event.id,
          departmentId: alert.departmentId,
          kind: 'alert_raised',
          note: alert.reason || null,
          details: {
            alertId: alert.alertId,
            ruleName: alert.ruleName,
            severity: alert.severity,
            deviceId: alert.deviceId,
            deviceName: alert.deviceName,
            gridId: alert.gridId,
            streetId: alert.streetId,
            districtId: alert.districtId,
          },
          createdAt,
        });
        return;
      }
      if (event.type === 'iot.incident.opened' || event.type === 'iot.incident.extended') {
        const incident = event.payload as AlertsEvents['iot.incident.opened'];
        if (!severityReaches(incident.severity, minimum)) return;
        // Events written before incidents named their departments carry none.
        for (const departmentId of new Set(incident.departmentIds ?? [])) {
          await repository.add(ctx.sql, {
            id: crypto.randomUUID(),
            eventId: event.id,
            departmentId,
            kind: 'incident_opened',
            incidentId: incident.incidentId,
            note: null,
            details: {
              incidentId: incident.incidentId,
              title: incident.title,
              severity: incident.severity,
              alertCount: incident.alertCount,
              streetId: incident.streetId,
              districtId: incident.districtId,
            },
            createdAt,
          });
        }
      }
    },
  };
}
