import type { WorkCalendar } from '../../platform/calendar/index.ts';
import type { WriteContext } from '../../platform/unit-of-work.ts';
import type { CasePriority, DeadlineStage } from './case-workflow.ts';
import type { ClassDeadlines } from './gbt30428-catalog.ts';

/** Durable timer kinds, each keyed by case id: scheduling again moves the timer. */
export const WARN_TIMER = 'cases.deadline.warn';
export const DUE_TIMER = 'cases.deadline.due';
export const ESCALATE_TIMER = 'cases.escalate';

export interface DeadlinePlan {
  stage: DeadlineStage;
  deadlineAt: Date;
  warnAt: Date;
}

/** What a deadline timer carries: it fires only if the case still runs against this deadline. */
export interface DeadlineTimerPayload extends Record<string, unknown> {
  stage: DeadlineStage;
  deadlineAt: string;
}

/** The deadline for a stage, counted in working hours from `from`, and its early warning. */
export function planDeadline(
  calendar: WorkCalendar,
  deadlines: ClassDeadlines,
  priority: CasePriority,
  stage: DeadlineStage,
  from: Date,
  warnAtFraction: number,
): DeadlinePlan {
  const hours = deadlines[priority][stage];
  return planMinutes(calendar, stage, from, hours * 60, warnAtFraction);
}

/** The same from a number of working minutes (resuming a suspended case, extensions). */
export function planMinutes(
  calendar: WorkCalendar,
  stage: DeadlineStage,
  from: Date,
  minutes: number,
  warnAtFraction: number,
): DeadlinePlan {
  const safe = Math.max(0, minutes);
  return {
    stage,
    deadlineAt: calendar.addWorkingMinutes(from, safe),
    warnAt: calendar.addWorkingMinutes(from, safe * warnAtFraction),
  };
}

export async function scheduleDeadline(
  ctx: WriteContext,
  caseId: string,
  plan: DeadlinePlan,
): Promise<void> {
  const payload: DeadlineTimerPayload = {
    stage: plan.stage,
    deadlineAt: plan.deadlineAt.toISOString(),
  };
  await ctx.schedule({ kind: WARN_TIMER, key: caseId, dueAt: plan.warnAt, payload });
  await ctx.schedule({ kind: DUE_TIMER, key: caseId, dueAt: plan.deadlineAt, payload });
  await ctx.cancelTimer(ESCALATE_TIMER, caseId);
}

export async function cancelDeadline(ctx: WriteContext, caseId: string): Promise<void> {
  await ctx.cancelTimer(WARN_TIMER, caseId);
  await ctx.cancelTimer(DUE_TIMER, caseId);
  await ctx.cancelTimer(ESCALATE_TIMER, caseId);
}

/** The case fields that record a deadline plan (or its absence). */
export function deadlineFields(plan: DeadlinePlan | null) {
  return {
    deadlineStage: plan?.stage ?? null,
    deadlineAt: plan?.deadlineAt ?? null,
    warnAt: plan?.warnAt ?? null,
    overdue: false,
  };
}
