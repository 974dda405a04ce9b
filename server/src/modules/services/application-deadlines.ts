import type { WorkCalendarService } from '../../platform/calendar/index.ts';
import type { TimerHandler } from '../../platform/timers/timer-scheduler.ts';
import type { WriteContext } from '../../platform/unit-of-work.ts';
import { openTaskStatuses } from './application-workflow.ts';
import { taskFact } from './application-facts.ts';
import type { ApplicationRepository } from './application.repository.ts';
import { servicesEvent } from './services.events.ts';

/** A day before the deadline the department is warned; at the deadline the task is overdue. */
export const TASK_WARN_TIMER = 'services.task.warn';
export const TASK_DUE_TIMER = 'services.task.due';

/** 受理: the lead department decides within this many working days (承诺, 法定 5). */
export const ACCEPTANCE_PROMISED_DAYS = 2;
export const ACCEPTANCE_STATUTORY_DAYS = 5;

interface DeadlinePayload {
  deadlineAt: string;
  [key: string]: unknown;
}

/**
 * The deadline of a task that opens now: the close of the N-th working day after today
 * ("受理之日起 N 个工作日"), on the platform's work calendar with statutory holidays.
 */
export async function deadlineFor(
  calendar: WorkCalendarService,
  ctx: WriteContext,
  openedAt: Date,
  promisedDays: number,
): Promise<{ deadlineAt: Date; warnAt: Date | null }> {
  const work = await calendar.refresh(ctx.sql);
  const deadlineAt = work.addWorkingDays(openedAt, promisedDays);
  const warnAt = promisedDays >= 1 ? work.addWorkingDays(openedAt, promisedDays - 1) : null;
  return { deadlineAt, warnAt: warnAt && warnAt > openedAt ? warnAt : null };
}

/** Plants the two durable timers of a task's deadline (same transaction as the opening). */
export async function scheduleDeadline(
  ctx: WriteContext,
  taskId: string,
  deadlineAt: Date,
  warnAt: Date | null,
): Promise<void> {
  const payload: DeadlinePayload = { deadlineAt: deadlineAt.toISOString() };
  if (warnAt) await ctx.schedule({ kind: TASK_WARN_TIMER, key: taskId, dueAt: warnAt, payload });
  await ctx.schedule({ kind: TASK_DUE_TIMER, key: taskId, dueAt: deadlineAt, payload });
}

export async function cancelDeadline(ctx: WriteContext, taskId: string): Promise<void> {
  await ctx.cancelTimer(TASK_WARN_TIMER, taskId);
  await ctx.cancelTimer(TASK_DUE_TIMER, taskId);
}

/**
 * The deadline timers. Each runs in the transaction that marks it fired (only `ctx.sql`)
 * and does nothing when the task was decided or its deadline moved since it was planted.
 * A timer that fell due while the platform was down fires when it starts.
 */
export function deadlineTimers(repository: ApplicationRepository): TimerHandler[] {
  const stillOpen = async (ctx: WriteContext, taskId: string, payload: DeadlinePayload) => {
    const found = await repository.findTask(ctx.sql, taskId);
    if (!found) return null;
    // Decisions lock the application row first; so do the timers, then read the task again.
    const application = await repository.find(ctx.sql, found.applicationId, true);
    const task = await repository.findTask(ctx.sql, taskId);
    if (!application || !task || !openTaskStatuses.includes(task.status)) return null;
    if (task.deadlineAt?.toISOString() !== payload.deadlineAt) return null;
    return { task, application };
  };
  return [
    {
      kind: TASK_WARN_TIMER,
      async fire(timer, ctx) {
        const open = await stillOpen(ctx, timer.key, timer.payload as DeadlinePayload);
        if (!open || open.task.deadlineNear) return;
        const task = await repository.setTaskFlags(ctx.sql, open.task.id, { deadlineNear: true });
        if (!task) return;
        await repository.appendTimeline(ctx.sql, [
          {
            applicationId: task.applicationId,
            taskId: task.id,
            action: 'deadline_near',
            actorId: null,
            actorName: 'OneCity',
            departmentId: task.departmentId,
            note: `办理时限将到：${task.deadlineAt?.toISOString()}`,
          },
        ]);
        await ctx.emit(
          servicesEvent('services.task.deadlineNear', taskFact(task, open.application)),
        );
      },
    },
    {
      kind: TASK_DUE_TIMER,
      async fire(timer, ctx) {
        const open = await stillOpen(ctx, timer.key, timer.payload as DeadlinePayload);
        if (!open || open.task.overdue) return;
        const task = await repository.setTaskFlags(ctx.sql, open.task.id, {
          overdue: true,
          deadlineNear: true,
        });
        if (!task) return;
        await repository.appendTimeline(ctx.sql, [
          {
            applicationId: task.applicationId,
            taskId: task.id,
            action: 'overdue',
            actorId: null,
            actorName: 'OneCity',
            departmentId: task.departmentId,
            note: `已超过办理时限（${task.deadlineAt?.toISOString()}）`,
          },
        ]);
        await ctx.emit(servicesEvent('services.task.overdue', taskFact(task, open.application)));
      },
    },
  ];
}
