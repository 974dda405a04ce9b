import type { ApplicationStatus, Task } from '../api/services-api';

/** Tag colours by application status: blue while it moves, green when done, red when not. */
export const APPLICATION_STATUS_COLORS: Readonly<Record<ApplicationStatus, string>> = {
  draft: 'default',
  submitted: 'processing',
  supplement_requested: 'warning',
  rejected: 'error',
  accepted: 'processing',
  in_review: 'processing',
  approved: 'success',
  refused: 'error',
  delivered: 'success',
};

export const TASK_STATUS_COLORS: Readonly<Record<Task['status'], string>> = {
  waiting: 'default',
  pending: 'processing',
  in_review: 'processing',
  accepted: 'success',
  supplement_requested: 'warning',
  rejected: 'error',
  approved: 'success',
  refused: 'error',
  cancelled: 'default',
};

export const ONLINE_LEVEL_COLORS = {
  full_online: 'green',
  one_visit: 'blue',
  on_site: 'orange',
} as const;

/** The four stages an applicant sees, and where an application stands among them. */
export const PROGRESS_STAGES = ['submitted', 'accepted', 'in_review', 'done'] as const;

export function progressIndex(status: ApplicationStatus): number {
  switch (status) {
    case 'draft':
    case 'submitted':
    case 'supplement_requested':
      return 0;
    case 'accepted':
      return 1;
    case 'in_review':
      return 2;
    case 'rejected':
      return 1;
    default:
      return 3;
  }
}

export type DeadlineState = 'overdue' | 'near' | 'open' | 'none';

/** How urgent a task is: overdue, due within a working day, open, or not running. */
export function deadlineState(
  task: Pick<Task, 'status' | 'overdue' | 'deadlineNear' | 'deadlineAt'>,
): DeadlineState {
  if (!['pending', 'in_review'].includes(task.status) || !task.deadlineAt) return 'none';
  if (task.overdue) return 'overdue';
  if (task.deadlineNear) return 'near';
  return 'open';
}

/** Actions a reviewer must explain to the applicant. */
export const ACTIONS_NEEDING_REASON: ReadonlySet<string> = new Set([
  'request_supplement',
  'reject',
  'refuse',
]);
