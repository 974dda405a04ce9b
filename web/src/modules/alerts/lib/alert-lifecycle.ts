import { isApiError } from '../../../shared/api/problem';
import type { Alert, AlertAction, AlertStatus } from '../api/alerts-api';

/** Which moves the server accepts from each status (alerts.service.ts). */
const ACTIONS: Readonly<Record<AlertStatus, readonly AlertAction[]>> = {
  active: ['acknowledge', 'clear'],
  acknowledged: ['clear'],
  cleared: ['close'],
  closed: [],
};

export function actionsFor(status: AlertStatus): readonly AlertAction[] {
  return ACTIONS[status];
}

export interface LifecycleStep {
  step: 'raised' | AlertStatus;
  at: string | null;
  /** Account id of whoever did it; null for what the system did (raising, clearing itself). */
  by: string | null;
  done: boolean;
}

/**
 * The server records the rule engine as `system` when a reading back to normal clears an
 * alert (alerts.service.ts); that is no account to look up, just the system.
 */
const SYSTEM_ACTOR = 'system';
const person = (id: string | null): string | null => (id === SYSTEM_ACTOR ? null : id);

/** Raised → acknowledged → cleared → closed, with who and when for each step reached. */
export function lifecycleOf(alert: Alert): LifecycleStep[] {
  const steps: LifecycleStep[] = [
    { step: 'raised', at: alert.raisedAt, by: null, done: true },
    {
      step: 'acknowledged',
      at: alert.acknowledgedAt,
      by: person(alert.acknowledgedBy),
      done: alert.acknowledgedAt !== null,
    },
    {
      step: 'cleared',
      at: alert.clearedAt,
      by: person(alert.clearedBy),
      done: alert.clearedAt !== null,
    },
    {
      step: 'closed',
      at: alert.closedAt,
      by: person(alert.closedBy),
      done: alert.closedAt !== null,
    },
  ];
  // An alert can be cleared without being acknowledged first; that step is then skipped,
  // not pending.
  return steps.filter((s) => s.done || s.step !== 'acknowledged' || alert.status === 'active');
}

/** Everyone named in the lifecycle, once each, to look their names up. */
export function actorsOf(alert: Alert): string[] {
  const ids = [alert.acknowledgedBy, alert.clearedBy, alert.closedBy]
    .map(person)
    .filter((id): id is string => typeof id === 'string' && id !== '');
  return [...new Set(ids)];
}

export type ConflictKind = 'version_conflict' | 'invalid_transition';

export interface Conflict {
  kind: ConflictKind;
  /** The status the alert has now, when the server said (problem extension `currentStatus`). */
  currentStatus: AlertStatus | null;
}

const STATUSES: ReadonlySet<string> = new Set(['active', 'acknowledged', 'cleared', 'closed']);

/** A 409 from a lifecycle move: someone else changed the alert, or it is past this step. */
export function conflictOf(error: unknown): Conflict | null {
  if (!isApiError(error) || error.status !== 409) return null;
  const status = error.problem['currentStatus'];
  return {
    kind: error.code === 'invalid_transition' ? 'invalid_transition' : 'version_conflict',
    currentStatus:
      typeof status === 'string' && STATUSES.has(status) ? (status as AlertStatus) : null,
  };
}

/** The alert with a server answer folded in, for updating one row without a reload. */
export function replaceAlert<T extends Pick<Alert, 'id'>>(list: readonly T[], next: T): T[] {
  return list.map((item) => (item.id === next.id ? next : item));
}
