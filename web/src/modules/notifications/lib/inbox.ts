import type { MessageKey } from '../../../shared/i18n/messages-zh';
import type { MessageParams } from '../../../shared/i18n/format';

/** How often the bell asks for the unread count (the workbench has no live channel of its own). */
export const INBOX_POLL_MS = 30_000;

/** How many notifications the dropdown shows; older ones stay in the inbox. */
export const INBOX_PAGE_SIZE = 20;

/** What the bell needs to know of a notification (a subset of the API's view). */
export interface InboxItem {
  id: string;
  kind: 'case_supervised';
  caseId: string | null;
  caseNumber: string | null;
  note: string | null;
  escalationLevel: string | null;
  read: boolean;
}

const levels = new Set(['grid', 'street', 'district', 'city']);

/** The headline of a notification as a message key and its parameters. */
export function headlineOf(
  n: InboxItem,
  levelLabel: (level: 'grid' | 'street' | 'district' | 'city') => string,
): { key: MessageKey; params: MessageParams } {
  const level =
    n.escalationLevel && levels.has(n.escalationLevel)
      ? levelLabel(n.escalationLevel as 'grid' | 'street' | 'district' | 'city')
      : null;
  const number = n.caseNumber ?? '';
  return level
    ? { key: 'notifications.caseSupervised.level', params: { number, level } }
    : { key: 'notifications.caseSupervised', params: { number } };
}

/** Where clicking a notification leads: the case in the workbench, or nowhere. */
export function linkOf(n: InboxItem): string | null {
  return n.caseId ? `/workbench/cases/${encodeURIComponent(n.caseId)}` : null;
}

/** The count on the bell: nothing at zero, "99+" above 99. */
export function badgeText(unread: number): string {
  if (unread <= 0) return '';
  return unread > 99 ? '99+' : String(unread);
}

/** After marking one read, what the list shows until the next poll answers. */
export function markedRead<T extends InboxItem>(
  items: readonly T[],
  unreadCount: number,
  id: string,
): { items: T[]; unreadCount: number } {
  let changed = false;
  const next = items.map((n) => {
    if (n.id !== id || n.read) return n;
    changed = true;
    return { ...n, read: true };
  });
  return { items: next, unreadCount: changed ? Math.max(0, unreadCount - 1) : unreadCount };
}

/** After marking all read. */
export function allRead<T extends InboxItem>(items: readonly T[]): { items: T[]; unreadCount: 0 } {
  return { items: items.map((n) => (n.read ? n : { ...n, read: true })), unreadCount: 0 };
}
