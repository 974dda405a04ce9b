import type { Actor } from '../../platform/auth/actor.ts';
import type { WorkCalendarService } from '../../platform/calendar/index.ts';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors/app-error.ts';
import type { UnitOfWork, WriteContext } from '../../platform/unit-of-work.ts';
import type { Policy } from '../identity/index.ts';
import type { RegionsService } from '../regions/index.ts';
import type { CaseCatalog } from './case-catalog.service.ts';
import { cancelDeadline, deadlineFields, scheduleDeadline } from './case-deadlines.ts';
import type { CasePhotoRepository } from './case-photo.repository.ts';
import type { CaseSettingsStore } from './case-settings.ts';
import type { CaseTimelineRepository } from './case-timeline.repository.ts';
import { effectOf, type TransitionRequest } from './case-transition.effects.ts';
import {
  checkTransition,
  levelRank,
  transitions,
  type EscalationLevel,
  type TransitionRule,
} from './case-workflow.ts';
import type { CaseRepository, CaseRow } from './case.repository.ts';
import { factOf, type CaseMove } from './cases.events.ts';
import type { DepartmentDirectory } from './department-directory.ts';

export interface TransitionDeps {
  uow: UnitOfWork;
  repository: CaseRepository;
  timeline: CaseTimelineRepository;
  photos: CasePhotoRepository;
  catalog: CaseCatalog;
  departments: DepartmentDirectory;
  regions: RegionsService;
  policy: Policy;
  calendar: WorkCalendarService;
  settings: CaseSettingsStore;
  /** The acting staff member's department (handlers act for one). */
  departmentOf: (actor: Actor) => Promise<string | null>;
}

interface Authorized {
  role: string | null;
  supervisingRegionId: string | null;
}

/**
 * Moves a case through the state machine. One unit of work does it all: authorize with the
 * case's grid region, check the expected version and the transition table, write the case,
 * attach photos, append the timeline, (re)schedule deadline timers and emit the event.
 */
export class CaseTransitionWorkflow {
  constructor(private readonly deps: TransitionDeps) {}

  async run(actor: Actor, caseId: string, request: TransitionRequest): Promise<CaseRow> {
    // Everything that may query other modules happens before the transaction opens.
    const actorDepartment = actor.kind === 'staff' ? await this.deps.departmentOf(actor) : null;
    await this.deps.departments.refresh();
    if (request.departmentId) await this.deps.departments.ensure(request.departmentId);
    return this.deps.uow.run(async (ctx) => {
      const current = await this.deps.repository.find(ctx.sql, caseId);
      if (!current) throw notFound('case', caseId);
      return this.apply(ctx, actor, current, request, actorDepartment);
    });
  }

  /** The transition inside the caller's unit of work (HTTP, the alert consumer, timers). */
  async apply(
    ctx: WriteContext,
    actor: Actor,
    current: CaseRow,
    request: TransitionRequest,
    actorDepartment: string | null = null,
  ): Promise<CaseRow> {
    const { deps } = this;
    const rule: TransitionRule = transitions[request.action];
    const authorized = this.authorize(actor, rule, current, actorDepartment);
    if (current.version !== request.expectedVersion) throw versionConflict(current);
    const photoIds = [...new Set(request.photoIds ?? [])];
    const verdict = checkTransition(
      {
        stage: current.stage,
        suspended: current.suspended,
        extensionPending: current.extensionHours !== null,
      },
      request.action,
      {
        note: request.note,
        photoCount: photoIds.length,
        masterCaseId: request.masterCaseId,
        extensionHours: request.extensionHours,
      },
    );
    if ('refusal' in verdict) {
      const { code, status, detail } = verdict.refusal;
      throw new AppError(code, status, detail, {
        currentStage: current.stage,
        currentVersion: current.version,
      });
    }
    await deps.catalog.refresh(ctx.sql);
    const cls = deps.catalog.classOf(current.classId);
    if (!cls) throw new AppError('unknown_class', 422, `Case class ${current.classId} is gone`);
    const now = new Date();
    const effect = await effectOf({
      ctx,
      current,
      request,
      actor,
      now,
      calendar: await deps.calendar.refresh(ctx.sql),
      settings: await deps.settings.get(ctx.sql),
      cls,
      supervisingRegionId: authorized.supervisingRegionId,
      deps,
    });
    const attached = await deps.photos.attach(ctx.sql, photoIds, current.id, actor.id);
    if (attached.length !== photoIds.length) {
      const missing = photoIds.filter((id) => !attached.includes(id));
      throw new AppError(
        'unknown_photo',
        422,
        `Photos ${missing.join(', ')} do not exist, were uploaded by someone else or belong to another case`,
        { photoIds: missing },
      );
    }
    const toStage = rule.to === 'same' ? current.stage : rule.to;
    const updated = await deps.repository.updateIfVersion(ctx.sql, current.id, current.version, {
      ...(effect.deadline !== undefined ? deadlineFields(effect.deadline) : {}),
      ...effect.patch,
      stage: toStage,
    });
    if (!updated) {
      throw versionConflict((await deps.repository.find(ctx.sql, current.id)) ?? current);
    }
    if (effect.deadline === null || effect.pauseTimers) await cancelDeadline(ctx, current.id);
    else if (effect.deadline) await scheduleDeadline(ctx, current.id, effect.deadline);
    const entry = await deps.timeline.append(ctx.sql, {
      caseId: current.id,
      action: request.action,
      actorId: actor.id,
      actorName: actor.displayName,
      actorRole: authorized.role,
      fromStage: current.stage,
      toStage,
      note: request.note?.trim() || null,
      photoIds,
      details: effect.details ?? {},
    });
    const move: CaseMove = {
      ...factOf(updated),
      fromStage: current.stage,
      action: request.action,
      by: actor.id,
      role: authorized.role,
      note: entry.note,
      photoIds,
      at: entry.at.toISOString(),
    };
    await ctx.emit(effect.event(move, { actorId: actor.id, regionId: updated.gridId }));
    // The platform's hash-chained audit log, in the same transaction. Notes stay on the
    // timeline: they may name people, and the audit log is read more widely.
    await ctx.audit({
      actor: { id: actor.id, name: actor.displayName },
      action: `cases.${request.action}`,
      target: { type: 'case', id: current.id },
      regionId: updated.gridId,
      details: {
        number: updated.number,
        role: authorized.role,
        fromStage: current.stage,
        toStage,
        version: updated.version,
        ...(updated.assigneeDepartmentId !== current.assigneeDepartmentId
          ? { assigneeDepartmentId: updated.assigneeDepartmentId }
          : {}),
        ...(photoIds.length ? { photoIds } : {}),
      },
    });
    return updated;
  }

  private authorize(
    actor: Actor,
    rule: TransitionRule,
    row: CaseRow,
    actorDepartment: string | null,
  ): Authorized {
    const { policy } = this.deps;
    const regionId = row.gridId;
    if (actor.kind === 'system') return { role: 'system', supervisingRegionId: null };
    switch (rule.scope) {
      case 'case_region':
        policy.authorize(actor, rule.permission, { regionId });
        return { role: this.roleFor(actor, rule.permission, regionId), supervisingRegionId: null };
      case 'assignee':
        if (row.assigneeGridId) {
          policy.authorize(actor, 'cases.handle.grid', { regionId });
          return {
            role: this.roleFor(actor, 'cases.handle.grid', regionId),
            supervisingRegionId: null,
          };
        }
        policy.authorize(actor, rule.permission, { regionId });
        if (!row.assigneeDepartmentId || actorDepartment !== row.assigneeDepartmentId) {
          throw forbidden(
            `${actor.username} does not belong to ${row.assigneeDepartmentId ?? 'the assigned department'}, which handles case ${row.number}`,
          );
        }
        return { role: this.roleFor(actor, rule.permission, regionId), supervisingRegionId: null };
      case 'higher_level':
        return this.supervisor(actor, rule, row);
    }
  }

  /** 督办: a commander's grant above the grid, at or above the case's supervising level. */
  private supervisor(actor: Actor, rule: TransitionRule, row: CaseRow): Authorized {
    const { policy, regions } = this.deps;
    const floor = Math.max(1, levelRank(row.escalationLevel));
    const candidates = actor.grants
      .filter((grant) =>
        policy.can({ ...actor, grants: [grant] }, rule.permission, { regionId: row.gridId }),
      )
      .map((grant) => ({ grant, level: regions.get(grant.regionId).level as EscalationLevel }))
      .filter((c) => levelRank(c.level) >= floor)
      .sort((a, b) => levelRank(b.level) - levelRank(a.level));
    const best = candidates[0];
    if (!best) {
      throw forbidden(
        `督办 needs a commander above the grid and at or above the case's supervising level (${row.escalationLevel}); ${actor.username} has none over ${row.gridId}`,
      );
    }
    return { role: best.grant.role, supervisingRegionId: best.grant.regionId };
  }

  /** The role through which the actor may act here (for the timeline). */
  private roleFor(actor: Actor, permission: string, regionId: string): string | null {
    if (actor.kind !== 'staff') return actor.kind;
    const grant = actor.grants.find((g) =>
      this.deps.policy.can({ ...actor, grants: [g] }, permission, { regionId }),
    );
    return grant?.role ?? null;
  }
}

function versionConflict(current: CaseRow): AppError {
  return conflict(
    'version_conflict',
    `Case ${current.number} was changed by someone else (now version ${current.version}, ${current.stage}); reload and try again`,
    { currentVersion: current.version, currentStage: current.stage },
  );
}
