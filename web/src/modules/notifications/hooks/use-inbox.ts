import { useCallback, useEffect, useRef, useState } from 'react';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type Notification,
} from '../api/notifications-api';
import { allRead, INBOX_PAGE_SIZE, INBOX_POLL_MS, markedRead } from '../lib/inbox';

export interface InboxState {
  items: Notification[];
  total: number;
  unreadCount: number;
}

/**
 * My inbox, asked again every 30 s while the tab is visible and at once when it becomes
 * visible again. Only the newest answer counts, so a slow poll never undoes a read mark.
 */
export function useInbox() {
  const [inbox, setInbox] = useState<InboxState | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** Bumped by every ask and every read mark: only the answer to the latest ask is shown. */
  const asked = useRef(0);

  const ask = useCallback((isLive: () => boolean = () => true) => {
    const mine = ++asked.current;
    const current = () => mine === asked.current && isLive();
    listNotifications({ limit: INBOX_PAGE_SIZE, offset: 0 }).then(
      (page) => {
        if (!current()) return;
        setInbox({ items: page.items, total: page.total, unreadCount: page.unreadCount });
        setError(null);
      },
      (failure: unknown) => {
        if (current()) setError(failure);
      },
    );
  }, []);

  useEffect(() => {
    let live = true;
    const isLive = () => live;
    ask(isLive);
    const timer = setInterval(() => {
      if (!document.hidden) ask(isLive);
    }, INBOX_POLL_MS);
    const onVisible = () => {
      if (!document.hidden) ask(isLive);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [ask]);

  const refresh = useCallback(() => ask(), [ask]);

  const markRead = useCallback(async (id: string) => {
    asked.current++;
    await markNotificationRead(id);
    setInbox((s) => (s ? { ...s, ...markedRead(s.items, s.unreadCount, id) } : s));
  }, []);

  const markAll = useCallback(async () => {
    asked.current++;
    await markAllNotificationsRead();
    setInbox((s) => (s ? { ...s, ...allRead(s.items) } : s));
  }, []);

  return { inbox, error, refresh, markRead, markAll };
}
