import crypto from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import type { WorkCalendarService } from '../../platform/calendar/index.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors/app-error.ts';
import type { UnitOfWork, WriteContext } from '../../platform/unit-of-work.ts';
import type { Policy } from '../identity/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { projectForm } from './bundle-merge.ts';
import { cancelDeadline, deadlineFor, scheduleDeadline } from './application-deadlines.ts';
import { applicationFact, taskFact } from './application-facts.ts';
import {
  actionsNeedingReason,
  openTaskStatuses,
  reviewOutcome,
  taskTransition,
  tasksReadyToOpen,
  type ApplicationStatus,
  type TaskAction,
} from './application-workflow.ts';
import type {
  ApplicationRepository,
  ApplicationRow,
  NewTask,
  TaskRow,
} from './application.repository.ts';
import type { ApplicationTarget, CatalogueService } from './catalogue.service.ts';
import type { DepartmentDirectory } from './department-directory.ts';
import { servicesEvent } from './services.events.ts';

export interface TaskDecision {
  action: TaskAction;
  /** The task version the reviewer read; a stale one gets 409 version_conflict. */
  version: number;
  /** Shown to the applicant; required to ask for 补正, reject or refuse. */
  reason?: string;
  /** For 补正: what to fix, as JSON pointers (`/form/businessName`, `/materials/floor_plan`). */
  items?: string[];
}

export interface ReviewDeps {
  db: Database;
  uow: UnitOfWork;
  repository: ApplicationRepository;
  catalogue: CatalogueService;
  departments: DepartmentDirectory;
  regions: RegionsService;
  calendar: WorkCalendarService;
  policy: Policy;
  departmentOf: (actor: Actor) => Promise<string | null>;
}

/**
 * What departments do with their tasks: the lead department accepts (受理), asks for
 * 补正 or rejects; each department approves or refuses its item. Every decision locks the
 * application row first, so parallel departments see each other's results and exactly one
 * of them completes the application; two reviewers on one task: one wins, the other 409.
 */
export class ApplicationReviewWorkflow {
  constructor(private readonly deps: ReviewDeps) {}

  async act(actor: Actor, taskId: string, decision: TaskDecision) {
    const { repository, db } = this.deps;
    const read = await repository.findTask(db.orm, taskId);
    if (!read) throw notFound('task', taskId);
    await this.assertOwnDepartment(actor, read);
    if (actionsNeedingReason.includes(decision.action) && !decision.reason?.trim()) {
      throw new AppError(
        'reason_required',
        422,
        `${decision.action} needs a reason the applicant will read`,
      );
    }
    const application = await repository.find(db.orm, read.applicationId);
    if (!application) throw notFound('application', read.applicationId);
    // Opening review tasks needs the catalogue; read it before the transaction.
    const target =
      read.kind === 'acceptance' && decision.action === 'accept'
        ? await this.deps.catalogue.target(application.targetKind, application.targetId)
        : null;
    if (target) await this.deps.departments.refresh();

    return this.deps.uow.run(async (ctx) => {
      const app = (await repository.find(ctx.sql, read.applicationId, true))!;
      const task = (await repository.findTask(ctx.sql, taskId))!;
      if (task.version !== decision.version) throw stale(task);
      const next = taskTransition(task.kind, task.status, decision.action);
      if (!next) {
        throw conflict(
          'invalid_transition',
          `task "${task.name}" is ${task.status}; ${decision.action} does not apply`,
          { taskStatus: task.status },
        );
      }
      const now = new Date();
      const decided = decision.action !== 'start';
      const updated = await repository.updateTaskIfVersion(ctx.sql, task.id, task.version, {
        status: next,
        reviewerId: actor.id,
        reviewerName: actor.displayName,
        ...(decided ? { decisionReason: decision.reason?.trim() || null, decidedAt: now } : {}),
      });
      if (!updated) throw stale(task);
      if (decided) await cancelDeadline(ctx, task.id);
      await repository.appendTimeline(ctx.sql, [
        {
          applicationId: app.id,
          taskId: task.id,
          action: decision.action,
          actorId: actor.id,
          actorName: actor.displayName,
          departmentId: task.departmentId,
          fromStatus: task.status,
          toStatus: next,
          note: decision.reason?.trim() || null,
        },
      ]);
      await ctx.emit(
        servicesEvent(
          'services.task.decided',
          { ...taskFact(updated, app), action: decision.action, reason: decision.reason ?? null },
          { actorId: actor.id, regionId: app.districtId },
        ),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: `services.task.${decision.action}`,
        target: { type: 'application-task', id: task.id },
        regionId: task.departmentRegionId,
        details: { application: app.number, reason: decision.reason ?? null },
      });
      const after = await this.applyToApplication(ctx, actor, app, updated, decision, target, now);
      return { task: (await repository.findTask(ctx.sql, task.id))!, application: after };
    });
  }

  /** 403 unless the actor reviews for the task's department (and region). */
  private async assertOwnDepartment(actor: Actor, task: TaskRow): Promise<void> {
    this.deps.policy.authorize(actor, 'services.review', { regionId: task.departmentRegionId });
    const department = await this.deps.departmentOf(actor);
    if (department !== task.departmentId) {
      throw forbidden(
        `${actor.username} reviews for ${department ?? 'no department'}; task "${task.name}" belongs to ${task.departmentId}`,
      );
    }
  }

  private async applyToApplication(
    ctx: WriteContext,
    actor: Actor,
    app: ApplicationRow,
    task: TaskRow,
    decision: TaskDecision,
    target: ApplicationTarget | null,
    now: Date,
  ): Promise<ApplicationRow> {
    const reason = decision.reason?.trim() ?? '';
    switch (decision.action) {
      case 'start':
        if (task.kind === 'review' && app.status === 'accepted') {
          const moved = await this.move(ctx, actor, app, 'in_review', {});
          await ctx.emit(
            servicesEvent('services.application.reviewStarted', applicationFact(moved)),
          );
          return moved;
        }
        return app;
      case 'accept':
        return this.accept(ctx, actor, app, target!, now);
      case 'request_supplement': {
        const items = decision.items ?? [];
        const moved = await this.move(ctx, actor, app, 'supplement_requested', {
          supplement: { reason, items },
        });
        await ctx.emit(
          servicesEvent('services.application.supplementRequested', {
            ...applicationFact(moved),
            reason,
            items,
          }),
        );
        return moved;
      }
      case 'reject': {
        const moved = await this.move(ctx, actor, app, 'rejected', {
          decidedAt: now,
          outcomeReason: reason,
        });
        await ctx.emit(
          servicesEvent('services.application.rejected', { ...applicationFact(moved), reason }),
        );
        return moved;
      }
      case 'approve':
      case 'refuse':
        return this.afterReview(ctx, actor, app, task, reason, now);
    }
  }

  /** 受理: the clock starts; every item becomes a task, those without prerequisites open. */
  private async accept(
    ctx: WriteContext,
    actor: Actor,
    app: ApplicationRow,
    target: ApplicationTarget,
    now: Date,
  ): Promise<ApplicationRow> {
    const { repository } = this.deps;
    const work = await this.deps.calendar.refresh(ctx.sql);
    const promisedBy = work.addWorkingDays(now, app.promisedDays);
    const rows: NewTask[] = target.steps.map((step, index) => {
      const item = target.items.get(step.itemId)!;
      const regionId = item.handledAt === 'city' ? this.deps.regions.rootId : app.districtId!;
      const department = this.deps.departments.inRegion(regionId, item.departmentCode);
      if (!department) {
        throw new AppError(
          'no_department',
          422,
          `no ${item.departmentCode} department in ${regionId}`,
        );
      }
      return {
        id: crypto.randomUUID(),
        applicationId: app.id,
        kind: 'review',
        position: index + 1,
        itemId: item.id,
        name: item.name,
        departmentId: department.id,
        departmentRegionId: department.regionId,
        status: 'waiting',
        dependsOn: step.after,
        form: projectForm(app.form, target.fieldMap, item.id),
        materialKeys: target.materials.filter((m) => m.itemIds.includes(item.id)).map((m) => m.key),
        statutoryDays: item.statutoryDays,
        promisedDays: item.promisedDays,
        licenceType: item.licence?.type ?? null,
      };
    });
    await repository.insertTasks(ctx.sql, rows);
    const moved = await this.move(ctx, actor, app, 'accepted', { acceptedAt: now, promisedBy });
    await ctx.emit(
      servicesEvent('services.application.accepted', {
        ...applicationFact(moved),
        promisedBy: promisedBy.toISOString(),
      }),
    );
    await this.openReadyTasks(ctx, moved, now);
    return moved;
  }

  /** After an item is approved or refused: open what waited for it, or finish the application. */
  private async afterReview(
    ctx: WriteContext,
    actor: Actor,
    app: ApplicationRow,
    task: TaskRow,
    reason: string,
    now: Date,
  ): Promise<ApplicationRow> {
    const { repository } = this.deps;
    let current = app;
    if (current.status === 'accepted')
      current = await this.move(ctx, actor, current, 'in_review', {});
    const tasks = await repository.tasksOf(ctx.sql, app.id);
    const outcome = reviewOutcome(tasks);
    if (outcome === 'open') {
      await this.openReadyTasks(ctx, current, now);
      return current;
    }
    if (outcome === 'refused') {
      // One outcome for the whole application: the other departments stop.
      for (const other of tasks) {
        if (other.id === task.id || !['waiting', ...openTaskStatuses].includes(other.status))
          continue;
        await repository.updateTaskIfVersion(ctx.sql, other.id, other.version, {
          status: 'cancelled',
        });
        await cancelDeadline(ctx, other.id);
      }
      const moved = await this.move(ctx, actor, current, 'refused', {
        decidedAt: now,
        outcomeReason: reason,
      });
      await ctx.emit(
        servicesEvent('services.application.refused', {
          ...applicationFact(moved),
          reason,
          departmentId: task.departmentId,
        }),
      );
      return moved;
    }
    const licenceTypes = tasks.flatMap((t) =>
      t.kind === 'review' && t.licenceType ? [t.licenceType] : [],
    );
    let moved = await this.move(ctx, actor, current, 'approved', { decidedAt: now });
    await ctx.emit(
      servicesEvent(
        'services.application.approved',
        { ...applicationFact(moved), licenceTypes },
        { regionId: moved.districtId },
      ),
    );
    if (licenceTypes.length === 0) {
      // Nothing to issue: the decision itself is the result, delivered now.
      moved = await this.move(ctx, null, moved, 'delivered', { deliveredAt: now });
      await ctx.emit(
        servicesEvent('services.application.delivered', {
          ...applicationFact(moved),
          licenceIds: [],
        }),
      );
    }
    return moved;
  }

  private async openReadyTasks(ctx: WriteContext, app: ApplicationRow, now: Date): Promise<void> {
    const { repository } = this.deps;
    const tasks = await repository.tasksOf(ctx.sql, app.id);
    for (const ready of tasksReadyToOpen(tasks)) {
      const task = tasks.find((t) => t.id === ready.id)!;
      const { deadlineAt, warnAt } = await deadlineFor(
        this.deps.calendar,
        ctx,
        now,
        task.promisedDays,
      );
      const opened = await repository.updateTaskIfVersion(ctx.sql, task.id, task.version, {
        status: 'pending',
        openedAt: now,
        deadlineAt,
      });
      if (!opened) continue;
      await scheduleDeadline(ctx, task.id, deadlineAt, warnAt);
      await repository.appendTimeline(ctx.sql, [
        {
          applicationId: app.id,
          taskId: task.id,
          action: 'task_opened',
          actorId: null,
          actorName: 'OneCity',
          departmentId: task.departmentId,
          toStatus: 'pending',
          note: `${task.name} → ${this.deps.departments.get(task.departmentId)?.name ?? task.departmentId}`,
        },
      ]);
      await ctx.emit(
        servicesEvent('services.task.opened', taskFact(opened, app), { regionId: app.districtId }),
      );
    }
  }

  /** Moves the application (row locked by the caller) and records the step. */
  private async move(
    ctx: WriteContext,
    actor: Actor | null,
    app: ApplicationRow,
    to: ApplicationStatus,
    changes: Partial<ApplicationRow>,
  ): Promise<ApplicationRow> {
    const moved = await this.deps.repository.updateIfVersion(ctx.sql, app.id, app.version, {
      ...changes,
      status: to,
    });
    if (!moved) throw conflict('version_conflict', `application ${app.number} changed meanwhile`);
    await this.deps.repository.appendTimeline(ctx.sql, [
      {
        applicationId: app.id,
        action: `application_${to}`,
        actorId: actor?.id ?? null,
        actorName: actor?.displayName ?? 'OneCity',
        fromStatus: app.status,
        toStatus: to,
      },
    ]);
    return moved;
  }
}

function stale(task: TaskRow): AppError {
  return conflict(
    'version_conflict',
    `task "${task.name}" was changed by someone else (now version ${task.version}); reload and decide again`,
    { currentVersion: task.version },
  );
}
