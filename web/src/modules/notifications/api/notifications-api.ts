import { api } from '../../../shared/api/api';
import { unwrap } from '../../../shared/api/client';

/** My workbench inbox (the newest first); `unread` keeps only what I have not read. */
export function listNotifications(
  query: { unread?: boolean; limit: number; offset: number },
  signal?: AbortSignal,
) {
  return unwrap(
    api.GET('/api/v1/notifications', { params: { query }, ...(signal ? { signal } : {}) }),
  );
}

export function markNotificationRead(id: string) {
  return unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));
}

export function markAllNotificationsRead() {
  return unwrap(api.POST('/api/v1/notifications/read-all'));
}

export type Inbox = Awaited<ReturnType<typeof listNotifications>>;
export type Notification = Inbox['items'][number];
