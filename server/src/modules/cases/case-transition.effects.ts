import type { Actor } from '../../platform/auth/actor.ts';
import type { WorkCalendar } from '../../platform/calendar/index.ts';
import { AppError, conflict } from '../../platform/errors/app-error.ts';
import type { NewEvent } from '../../platform/events/event.ts';
import type { WriteContext } from '../../platform/unit-of-work.ts';
import type { RegionsService } from '../regions/index.ts';
import type { CaseCatalog } from './case-catalog.service.ts';
import type { CaseClassRow } from './case-class.repository.ts';
import { planDeadline, planMinutes, type DeadlinePlan } from './case-deadlines.ts';
import type { CaseSettings } from './case-settings.ts';
import type { CaseTimelineRepository } from './case-timeline.repository.ts';
import {
  finalStages,
  levelRank,
  nextLevel,
  type CaseAction,
  type EscalationLevel,
} from './case-workflow.ts';
import type { CasePatch, CaseRepository, CaseRow } from './case.repository.ts';
import { casesEvent, type CaseEventType, type CaseMove, type CasesEvents } from './cases.events.ts';
import type { DepartmentDirectory } from './department-directory.ts';

export interface TransitionRequest {
  action: CaseAction;
  expectedVersion: number;
  note?: string | null;
  /** dispatch: to this department instead of the one the rules give. */
  departmentId?: string;
  /** dispatch: keep it in the grid (the grid worker handles it). */
  keepInGrid?: boolean;
  photoIds?: string[];
  /** merge: the case this one duplicates. */
  masterCaseId?: string;
  /** request_extension: working hours asked for. */
  extensionHours?: number;
}

export interface EffectInput {
  ctx: WriteContext;
  current: CaseRow;
  request: TransitionRequest;
  actor: Actor;
  now: Date;
  calendar: WorkCalendar;
  settings: CaseSettings;
  cls: CaseClassRow;
  /** higher_level scope: the region of the grant the supervisor acts through. */
  supervisingRegionId: string | null;
  deps: {
    repository: CaseRepository;
    timeline: CaseTimelineRepository;
    catalog: CaseCatalog;
    departments: DepartmentDirectory;
    regions: RegionsService;
  };
}

export interface Effect {
  patch: CasePatch;
  /** undefined: the deadline stays; null: no deadline from now on; a plan: the new one. */
  deadline?: DeadlinePlan | null;
  /** Suspension: the timers stop but the deadline is remembered for resuming. */
  pauseTimers?: boolean;
  details?: Record<string, unknown>;
  event(move: CaseMove, meta: EventMeta): NewEvent;
}

type EventMeta = { actorId: string; regionId: string };

/** Events whose payload is exactly a move (no extra fields). */
type PlainMoveEvent = {
  [K in CaseEventType]: CaseMove extends CasesEvents[K]
    ? CasesEvents[K] extends CaseMove
      ? K
      : never
    : never;
}[CaseEventType];

const plain =
  (type: PlainMoveEvent) =>
  (move: CaseMove, meta: EventMeta): NewEvent =>
    casesEvent(type, move, meta);

const plan = (input: EffectInput, stage: 'dispatch' | 'handle' | 'verify') =>
  planDeadline(
    input.calendar,
    input.cls.deadlines,
    input.current.priority,
    stage,
    input.now,
    input.settings.warnAtFraction,
  );

const clearedExtension = { extensionHours: null, extensionReason: null };

/** What each action changes on the case, which deadline follows, and the event it announces. */
export async function effectOf(input: EffectInput): Promise<Effect> {
  const { current, request, now } = input;
  const action = request.action;
  switch (action) {
    case 'register':
      return {
        patch: { registeredAt: now },
        deadline: plan(input, 'dispatch'),
        event: plain('cases.case.registered'),
      };
    case 'reject': {
      const reporterIds = await reporterIdsOf(input, current.id);
      return {
        patch: { closedAt: now },
        deadline: null,
        event: (move, meta) => casesEvent('cases.case.rejected', { ...move, reporterIds }, meta),
      };
    }
    case 'merge':
      return merge(input);
    case 'dispatch':
      return dispatch(input);
    case 'accept':
      return { patch: { handlerId: input.actor.id }, event: plain('cases.case.accepted') };
    case 'return':
      return {
        patch: {
          assigneeDepartmentId: null,
          assigneeGridId: null,
          handlerId: null,
          returnCount: current.returnCount + 1,
          ...clearedExtension,
        },
        deadline: plan(input, 'dispatch'),
        event: plain('cases.case.returned'),
      };
    case 'report_back':
      return {
        patch: { reportedBackAt: now, ...clearedExtension },
        deadline: plan(input, 'verify'),
        event: plain('cases.case.handled'),
      };
    case 'request_verification':
      return { patch: {}, event: plain('cases.case.verificationRequested') };
    case 'verify':
      return { patch: { verifiedAt: now }, deadline: null, event: plain('cases.case.verified') };
    case 'fail_verification':
      return {
        patch: { reworkCount: current.reworkCount + 1, reportedBackAt: null },
        deadline: plan(input, 'handle'),
        event: plain('cases.case.reworkRequired'),
      };
    case 'close':
    case 'alert_cleared_close': {
      const reporterIds = await reporterIdsOf(input, current.id);
      const reason = action === 'close' ? ('verified' as const) : ('alert_cleared' as const);
      return {
        patch: { closedAt: now, ...clearedExtension },
        deadline: null,
        details: { reason },
        event: (move, meta) =>
          casesEvent('cases.case.closed', { ...move, reporterIds, reason }, meta),
      };
    }
    case 'reopen':
      return {
        patch: {
          closedAt: null,
          verifiedAt: null,
          reportedBackAt: null,
          registeredAt: now,
          assigneeDepartmentId: null,
          assigneeGridId: null,
          handlerId: null,
        },
        deadline: plan(input, 'dispatch'),
        event: plain('cases.case.reopened'),
      };
    case 'request_extension': {
      const hours = request.extensionHours ?? 0;
      return {
        patch: { extensionHours: hours, extensionReason: request.note ?? null },
        details: { hours },
        event: (move, meta) =>
          casesEvent('cases.case.extensionRequested', { ...move, hours }, meta),
      };
    }
    case 'approve_extension':
      return approveExtension(input);
    case 'deny_extension':
      return {
        patch: clearedExtension,
        details: { hours: current.extensionHours },
        event: plain('cases.case.extensionDenied'),
      };
    case 'suspend': {
      const remaining = current.deadlineAt
        ? Math.max(0, input.calendar.workingMinutesBetween(now, current.deadlineAt))
        : null;
      return {
        patch: { suspended: true, remainingMinutes: remaining },
        pauseTimers: true,
        details: { remainingWorkingMinutes: remaining },
        event: plain('cases.case.suspended'),
      };
    }
    case 'resume':
      return resume(input);
    case 'supervise':
      return supervise(input);
    case 'escalate':
      return escalate(input);
  }
}

async function reporterIdsOf(input: EffectInput, caseId: string): Promise<string[]> {
  const rows = await input.deps.repository.reportersOf(input.ctx.sql, caseId);
  return [...new Set(rows.map((r) => r.reporterId).filter((id): id is string => !!id))];
}

async function merge(input: EffectInput): Promise<Effect> {
  const { ctx, current, request, actor, deps } = input;
  const masterId = request.masterCaseId as string;
  if (masterId === current.id) {
    throw new AppError('invalid_master_case', 422, 'A case cannot be merged into itself');
  }
  const master = await deps.repository.lock(ctx.sql, masterId);
  if (!master) throw new AppError('invalid_master_case', 422, `Case ${masterId} does not exist`);
  if (finalStages.includes(master.stage)) {
    throw new AppError(
      'invalid_master_case',
      422,
      `Case ${master.number} is ${master.stage}; merge into an open case`,
    );
  }
  await deps.repository.copyReporters(ctx.sql, current.id, master.id);
  await deps.timeline.append(ctx.sql, {
    caseId: master.id,
    action: 'merged_in',
    actorId: actor.id,
    actorName: actor.displayName,
    actorRole: null,
    fromStage: master.stage,
    toStage: master.stage,
    note: `${current.number} 合并至本案`,
    details: { mergedCaseId: current.id, mergedNumber: current.number },
  });
  const reporterIds = await reporterIdsOf(input, master.id);
  return {
    patch: { masterCaseId: master.id, closedAt: input.now },
    deadline: null,
    details: { masterCaseId: master.id, masterNumber: master.number },
    event: (move, meta) =>
      casesEvent('cases.case.merged', { ...move, masterCaseId: master.id, reporterIds }, meta),
  };
}

function dispatch(input: EffectInput): Effect {
  const { current, request, deps } = input;
  let departmentId: string | null = null;
  let gridId: string | null = null;
  let ruleId: string | null = null;
  if (request.departmentId) {
    if (!deps.departments.get(request.departmentId)) {
      throw new AppError(
        'unknown_department',
        422,
        `Department ${request.departmentId} does not exist`,
      );
    }
    departmentId = request.departmentId;
  } else if (request.keepInGrid) {
    gridId = current.gridId;
  } else {
    const resolved = deps.catalog.resolve(current.classId, current.gridId);
    if (!resolved) {
      throw new AppError(
        'no_dispatch_target',
        422,
        `No dispatch rule resolves class ${current.classId} in ${current.gridId}; name a departmentId`,
      );
    }
    ruleId = resolved.ruleId;
    if (resolved.kind === 'department') departmentId = resolved.departmentId;
    else gridId = resolved.gridId;
  }
  const deadline = plan(input, 'handle');
  return {
    patch: {
      dispatchedAt: input.now,
      assigneeDepartmentId: departmentId,
      assigneeGridId: gridId,
      handlerId: null,
      ...clearedExtension,
    },
    deadline,
    details: { departmentId, keptInGrid: gridId !== null, ruleId },
    event: (move, meta) =>
      casesEvent(
        'cases.case.dispatched',
        { ...move, deadlineAt: deadline.deadlineAt.toISOString() },
        meta,
      ),
  };
}

function approveExtension(input: EffectInput): Effect {
  const { current, now, calendar } = input;
  const hours = current.extensionHours ?? 0;
  const base =
    current.deadlineAt && current.deadlineAt.getTime() > now.getTime() ? current.deadlineAt : now;
  const stage = current.deadlineStage ?? 'handle';
  const minutesLeft = calendar.workingMinutesBetween(now, base) + hours * 60;
  const deadline = planMinutes(calendar, stage, now, minutesLeft, input.settings.warnAtFraction);
  return {
    patch: clearedExtension,
    deadline,
    details: { hours, deadlineAt: deadline.deadlineAt.toISOString() },
    event: (move, meta) =>
      casesEvent(
        'cases.case.extensionApproved',
        { ...move, hours, deadlineAt: deadline.deadlineAt.toISOString() },
        meta,
      ),
  };
}

function resume(input: EffectInput): Effect {
  const { current, now, calendar } = input;
  const deadline =
    current.deadlineStage && current.remainingMinutes !== null
      ? planMinutes(
          calendar,
          current.deadlineStage,
          now,
          current.remainingMinutes,
          input.settings.warnAtFraction,
        )
      : null;
  // A case suspended after its deadline had passed stays overdue (and is not counted twice).
  const stillOverdue = current.overdue && (current.remainingMinutes ?? 0) <= 0;
  return {
    patch: { suspended: false, remainingMinutes: null, overdue: stillOverdue },
    deadline,
    details: { deadlineAt: deadline?.deadlineAt.toISOString() ?? null },
    event: (move, meta) =>
      casesEvent(
        'cases.case.resumed',
        { ...move, deadlineAt: deadline?.deadlineAt.toISOString() ?? null },
        meta,
      ),
  };
}

function supervise(input: EffectInput): Effect {
  const { current, deps } = input;
  const regionId = input.supervisingRegionId ?? deps.regions.rootId;
  const level = deps.regions.get(regionId).level as EscalationLevel;
  const escalationLevel =
    levelRank(level) > levelRank(current.escalationLevel) ? level : current.escalationLevel;
  return {
    patch: { supervised: true, escalationLevel },
    details: { supervisingRegionId: regionId },
    event: (move, meta) =>
      casesEvent(
        'cases.case.supervised',
        { ...move, escalationLevel, supervisingRegionId: regionId },
        meta,
      ),
  };
}

function escalate(input: EffectInput): Effect {
  const { current, deps } = input;
  const to = nextLevel(current.escalationLevel);
  if (!to) {
    throw conflict('already_at_city', `Case ${current.number} is already supervised by the city`);
  }
  const regionId = supervisingRegion(current, to, deps.regions.rootId);
  return {
    patch: { escalationLevel: to },
    details: { from: current.escalationLevel, to, supervisingRegionId: regionId },
    event: (move, meta) =>
      casesEvent(
        'cases.case.escalated',
        {
          ...move,
          escalationLevel: to,
          from: current.escalationLevel,
          to,
          supervisingRegionId: regionId,
          automatic: false,
        },
        meta,
      ),
  };
}

/** The region that supervises a case at a level: its grid, street, district or the city. */
export function supervisingRegion(
  row: Pick<CaseRow, 'gridId' | 'streetId' | 'districtId'>,
  level: EscalationLevel,
  cityId: string,
): string {
  switch (level) {
    case 'grid':
      return row.gridId;
    case 'street':
      return row.streetId;
    case 'district':
      return row.districtId;
    case 'city':
      return cityId;
  }
}
