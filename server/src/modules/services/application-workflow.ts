/**
 * The lifecycle of an application (办件) and of the sub-tasks departments work on, as data.
 *
 *   draft → submitted → accepted (受理) | supplement_requested (补正) | rejected (不予受理)
 *   supplement_requested → submitted (the applicant supplements)
 *   accepted → in_review → approved | refused → delivered (result delivered)
 *
 * Acceptance is a task of the lead department; each item is a review task of its own
 * department, opened when the tasks it waits for are approved.
 */
export const applicationStatuses = [
  'draft',
  'submitted',
  'supplement_requested',
  'rejected',
  'accepted',
  'in_review',
  'approved',
  'refused',
  'delivered',
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

export const taskKinds = ['acceptance', 'review'] as const;
export type TaskKind = (typeof taskKinds)[number];

export const taskStatuses = [
  'waiting',
  'pending',
  'in_review',
  'accepted',
  'supplement_requested',
  'rejected',
  'approved',
  'refused',
  'cancelled',
] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const taskActions = [
  'start',
  'accept',
  'request_supplement',
  'reject',
  'approve',
  'refuse',
] as const;
export type TaskAction = (typeof taskActions)[number];

/** Statuses in a department's queue: still to be worked on. */
export const openTaskStatuses: readonly TaskStatus[] = ['pending', 'in_review'];

/** Applications the applicant may still change (drafts, and after 补正). */
export const editableStatuses: readonly ApplicationStatus[] = ['draft', 'supplement_requested'];

export const finalStatuses: readonly ApplicationStatus[] = ['rejected', 'refused', 'delivered'];

const transitions: Record<TaskKind, Partial<Record<TaskAction, TaskStatus>>> = {
  acceptance: {
    start: 'in_review',
    accept: 'accepted',
    request_supplement: 'supplement_requested',
    reject: 'rejected',
  },
  review: { start: 'in_review', approve: 'approved', refuse: 'refused' },
};

/** Actions that need a reason the applicant will read. */
export const actionsNeedingReason: readonly TaskAction[] = [
  'request_supplement',
  'reject',
  'refuse',
];

/** The status a task moves to, or null when the action does not apply to it now. */
export function taskTransition(
  kind: TaskKind,
  status: TaskStatus,
  action: TaskAction,
): TaskStatus | null {
  if (!openTaskStatuses.includes(status)) return null;
  if (action === 'start' && status === 'in_review') return null;
  return transitions[kind][action] ?? null;
}

/** What a reviewer may do with a task in its current state. */
export function availableActions(kind: TaskKind, status: TaskStatus): TaskAction[] {
  return taskActions.filter((action) => taskTransition(kind, status, action) !== null);
}

export interface TaskState {
  id: string;
  kind: TaskKind;
  itemId: string | null;
  status: TaskStatus;
  dependsOn: string[];
}

/** Waiting review tasks whose prerequisites are all approved: they open now. */
export function tasksReadyToOpen(tasks: TaskState[]): TaskState[] {
  const approved = new Set(
    tasks.filter((t) => t.kind === 'review' && t.status === 'approved').map((t) => t.itemId),
  );
  return tasks.filter(
    (t) =>
      t.kind === 'review' && t.status === 'waiting' && t.dependsOn.every((d) => approved.has(d)),
  );
}

/** One outcome for the whole application: refused as soon as one item is refused. */
export function reviewOutcome(tasks: TaskState[]): 'approved' | 'refused' | 'open' {
  const reviews = tasks.filter((t) => t.kind === 'review');
  if (reviews.some((t) => t.status === 'refused')) return 'refused';
  if (reviews.length > 0 && reviews.every((t) => t.status === 'approved')) return 'approved';
  return 'open';
}
