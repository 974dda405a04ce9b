import { systemActor } from '../../platform/auth/actor.ts';
import type { WorkCalendarService } from '../../platform/calendar/index.ts';
import type { TimerHandler } from '../../platform/timers/timer-scheduler.ts';
import type { WriteContext } from '../../platform/unit-of-work.ts';
import {
  DUE_TIMER,
  ESCALATE_TIMER,
  WARN_TIMER,
  type DeadlineTimerPayload,
} from './case-deadlines.ts';
import type { CaseSettingsStore } from './case-settings.ts';
import type { CaseTimelineRepository } from './case-timeline.repository.ts';
import { supervisingRegion } from './case-transition.effects.ts';
import { finalStages, nextLevel } from './case-workflow.ts';
import type { CaseRepository, CaseRow } from './case.repository.ts';
import { casesEvent, factOf } from './cases.events.ts';

export interface DeadlineTimerDeps {
  repository: CaseRepository;
  timeline: CaseTimelineRepository;
  calendar: WorkCalendarService;
  settings: CaseSettingsStore;
  cityId: () => string;
}

/**
 * The three durable timers of a case's deadline. Each runs in the transaction that marks it
 * fired (only `ctx.sql`), and does nothing if the case moved on since it was scheduled: the
 * payload names the deadline it was set for. A timer whose time passed while the platform
 * was down fires at start.
 */
export function deadlineTimers(deps: DeadlineTimerDeps): TimerHandler[] {
  return [
    {
      kind: WARN_TIMER,
      async fire(timer, ctx) {
        const row = await stillRunning(deps, ctx, timer.key, timer.payload as DeadlineTimerPayload);
        if (!row) return;
        const payload = timer.payload as DeadlineTimerPayload;
        await note(
          deps,
          ctx,
          row,
          'deadline_near',
          `${payload.stage} 时限将到：${payload.deadlineAt}`,
        );
        await ctx.emit(
          casesEvent(
            'cases.case.deadlineNear',
            { ...factOf(row), deadlineStage: payload.stage, deadlineAt: payload.deadlineAt },
            { regionId: row.gridId },
          ),
        );
      },
    },
    {
      kind: DUE_TIMER,
      async fire(timer, ctx) {
        const payload = timer.payload as DeadlineTimerPayload;
        const row = await stillRunning(deps, ctx, timer.key, payload);
        if (!row) return;
        // Already overdue (resumed after its deadline had passed, 挂账 → 恢复): counted once,
        // but it keeps climbing while it stays overdue.
        if (row.overdue) {
          if (nextLevel(row.escalationLevel)) await scheduleEscalation(deps, ctx, row.id, payload);
          return;
        }
        const overdue = await deps.repository.updateIfVersion(ctx.sql, row.id, row.version, {
          overdue: true,
          overdueCount: row.overdueCount + 1,
        });
        if (!overdue) return;
        await note(
          deps,
          ctx,
          overdue,
          'overdue',
          `${payload.stage} 超时（时限 ${payload.deadlineAt}）`,
        );
        await ctx.emit(
          casesEvent(
            'cases.case.overdue',
            { ...factOf(overdue), deadlineStage: payload.stage, deadlineAt: payload.deadlineAt },
            { regionId: overdue.gridId },
          ),
        );
        await escalate(deps, ctx, overdue, payload);
      },
    },
    {
      kind: ESCALATE_TIMER,
      async fire(timer, ctx) {
        const payload = timer.payload as DeadlineTimerPayload;
        const row = await stillRunning(deps, ctx, timer.key, payload);
        if (!row?.overdue) return;
        await escalate(deps, ctx, row, payload);
      },
    },
  ];
}

async function stillRunning(
  deps: DeadlineTimerDeps,
  ctx: WriteContext,
  caseId: string,
  payload: DeadlineTimerPayload,
): Promise<CaseRow | null> {
  const row = await deps.repository.lock(ctx.sql, caseId);
  if (!row || row.suspended || finalStages.includes(row.stage)) return null;
  if (row.deadlineStage !== payload.stage) return null;
  if (row.deadlineAt?.toISOString() !== payload.deadlineAt) return null;
  return row;
}

/** Raises the supervising level one step and plans the next step while it stays overdue. */
async function escalate(
  deps: DeadlineTimerDeps,
  ctx: WriteContext,
  row: CaseRow,
  payload: DeadlineTimerPayload,
): Promise<void> {
  const to = nextLevel(row.escalationLevel);
  if (!to) return;
  const escalated = await deps.repository.updateIfVersion(ctx.sql, row.id, row.version, {
    escalationLevel: to,
  });
  if (!escalated) return;
  const regionId = supervisingRegion(escalated, to, deps.cityId());
  const entry = await note(
    deps,
    ctx,
    escalated,
    'escalate',
    `超时未办结，自动升级至${levelNames[to]}督办`,
    { from: row.escalationLevel, to, supervisingRegionId: regionId, automatic: true },
  );
  await ctx.emit(
    casesEvent(
      'cases.case.escalated',
      {
        ...factOf(escalated),
        fromStage: escalated.stage,
        action: 'escalate',
        by: systemActor.id,
        role: 'system',
        note: entry.note,
        photoIds: [],
        at: entry.at.toISOString(),
        from: row.escalationLevel,
        to,
        supervisingRegionId: regionId,
        automatic: true,
      },
      { regionId: escalated.gridId },
    ),
  );
  if (!nextLevel(to)) return;
  await scheduleEscalation(deps, ctx, row.id, payload);
}

/** The next automatic step up, `escalateEveryWorkingHours` from now. */
async function scheduleEscalation(
  deps: DeadlineTimerDeps,
  ctx: WriteContext,
  caseId: string,
  payload: DeadlineTimerPayload,
): Promise<void> {
  const calendar = await deps.calendar.refresh(ctx.sql);
  const settings = await deps.settings.get(ctx.sql);
  await ctx.schedule({
    kind: ESCALATE_TIMER,
    key: caseId,
    dueAt: calendar.addWorkingHours(new Date(), settings.escalateEveryWorkingHours),
    payload,
  });
}

const levelNames = { grid: '网格', street: '街镇', district: '区', city: '市' } as const;

function note(
  deps: DeadlineTimerDeps,
  ctx: WriteContext,
  row: CaseRow,
  action: string,
  text: string,
  details: Record<string, unknown> = {},
) {
  return deps.timeline.append(ctx.sql, {
    caseId: row.id,
    action,
    actorId: systemActor.id,
    actorName: systemActor.displayName,
    actorRole: 'system',
    fromStage: row.stage,
    toStage: row.stage,
    note: text,
    details,
  });
}
