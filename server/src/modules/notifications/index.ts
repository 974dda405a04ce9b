/**
 * The notifications module's only door: the workbench inbox (站内通知) that tells a department
 * what other modules' facts ask of it: a case supervised (督办), an alert on its device or
 * an alarm-storm incident its devices' alerts formed.
 */
export { NotificationsModule, type NotificationsDependencies } from './notifications.module.ts';
export { notifiedEvents } from './notifications.consumers.ts';
export {
  alertNotifiedEvents,
  alertSeverities,
  DEFAULT_MIN_ALERT_SEVERITY,
  type AlertSeverity,
} from './alert-notifications.consumer.ts';
export type { NotificationKind } from './notification.repository.ts';
export const notificationsMigrations = {
  module: 'notifications',
  dir: new URL('./migrations', import.meta.url).pathname,
};
