/**
 * The notifications module's only door: the workbench inbox (站内通知) that tells a department
 * what other modules' facts ask of it — first of all a case supervised (督办).
 */
export { NotificationsModule, type NotificationsDependencies } from './notifications.module.ts';
export { notifiedEvents } from './notifications.consumers.ts';
export type { NotificationKind } from './notification.repository.ts';
export const notificationsMigrations = {
  module: 'notifications',
  dir: new URL('./migrations', import.meta.url).pathname,
};
