import type { MessageKey } from '../../../shared/i18n/messages-zh';
import type { MessageParams } from '../../../shared/i18n/format';

/** How often the bell asks for the unread count (the workbench has no live channel of its own). */
export const INBOX_POLL_MS = 30_000;

/** How many notifications the dropdown shows; older ones stay in the inbox. */
export const INBOX_PAGE_SIZE = 20;

/** What the bell needs to know of a notification (a subset of the API's view). */
export interface InboxItem {
  id: string;
  kind: 'case_supervised' | 'alert_raised' | 'incident_opened';
  caseId: string | null;
  caseNumber: string | null;
  note: string | null;
  escalationLevel: string | null;
  alertId: string | null;
  incidentId: string | null;
  severity: string | null;
  title: string | null;
  deviceName: string | null;
  read: boolean;
}

const levels = new Set(['grid', 'street', 'district', 'city']);
const severities = new Set(['critical', 'major', 'minor', 'warning', 'info']);
type SeverityName = 'critical' | 'major' | 'minor' | 'warning' | 'info';

/** The headline of a notification as a message key and its parameters. */
export function headlineOf(
  n: InboxItem,
  levelLabel: (level: 'grid' | 'street' | 'district' | 'city') => string,
  severityLabel: (severity: SeverityName) => string = (severity) => severity,
): { key: MessageKey; params: MessageParams } {
  if (n.kind === 'alert_raised' || n.kind === 'incident_opened') {
    const severity =
      n.severity && severities.has(n.severity)
        ? severityLabel(n.severity as SeverityName)
        : (n.severity ?? '');
    const title = n.title ?? '';
    return n.kind === 'alert_raised'
      ? {
          key: 'notifications.alertRaised',
          params: { severity, title, device: n.deviceName ?? '' },
        }
      : { key: 'notifications.incidentOpened', params: { severity, title } };
  }
  const level =
    n.escalationLevel && levels.has(n.escalationLevel)
      ? levelLabel(n.escalationLevel as 'grid' | 'street' | 'district' | 'city')
      : null;
  const number = n.caseNumber ?? '';
  return level
    ? { key: 'notifications.caseSupervised.level', params: { number, level } }
    : { key: 'notifications.caseSupervised', params: { number } };
}

/** The line under the headline: the supervisor's note, or why the alert was raised. */
export function noteKeyOf(n: InboxItem): MessageKey {
  return n.kind === 'alert_raised' ? 'notifications.alertReason' : 'notifications.note';
}

/**
 * Where clicking a notification leads: the case, the alert (the alerts page with its drawer
 * open) or the incident (the incidents tab with it expanded) in the workbench, or nowhere.
 */
export function linkOf(n: InboxItem): string | null {
  if (n.kind === 'alert_raised') {
    return n.alertId ? `/workbench/alerts?alert=${encodeURIComponent(n.alertId)}` : null;
  }
  if (n.kind === 'incident_opened') {
    return n.incidentId
      ? `/workbench/alerts?tab=incidents&incident=${encodeURIComponent(n.incidentId)}`
      : null;
  }
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
