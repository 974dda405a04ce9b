import type { Actor } from '../../platform/auth/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import { forbidden, notFound } from '../../platform/errors/app-error.ts';
import type { Policy } from '../identity/index.ts';
import type { RegionsService } from '../regions/index.ts';
import type { CaseCatalog } from './case-catalog.service.ts';
import { withoutDeclined } from './case-intake.records.ts';
import type { CaseIntakeWorkflow } from './case-intake.workflow.ts';
import type { CasePhotoRepository } from './case-photo.repository.ts';
import type { CaseTimelineRepository } from './case-timeline.repository.ts';
import { availableActions, type CaseStage } from './case-workflow.ts';
import type { CaseFilter, CaseRepository, CaseRow } from './case.repository.ts';
import type { DepartmentDirectory } from './department-directory.ts';

export type CaseQueue = 'accept' | 'dispatch' | 'department' | 'verify' | 'close';

export type ListQuery = Omit<CaseFilter, 'scopeRegionIds' | 'reporterId'> & {
  queue?: CaseQueue;
  mine?: boolean;
};

export interface QueryDeps {
  db: Database;
  repository: CaseRepository;
  timeline: CaseTimelineRepository;
  photos: CasePhotoRepository;
  catalog: CaseCatalog;
  departments: DepartmentDirectory;
  regions: RegionsService;
  policy: Policy;
  intake: CaseIntakeWorkflow;
  departmentOf: (actor: Actor) => Promise<string | null>;
}

/** Who may read a case: staff within its region, and everyone who reported it. */
export class CaseQueryService {
  constructor(private readonly deps: QueryDeps) {}

  async list(actor: Actor, query: ListQuery) {
    const { queue, mine, ...filter } = query;
    const citizen = actor.kind === 'citizen' || actor.kind === 'enterprise';
    const scope: Pick<CaseFilter, 'scopeRegionIds' | 'reporterId'> =
      citizen || mine ? { scopeRegionIds: null, reporterId: actor.id } : this.scopeOf(actor);
    const narrowed = queue ? await this.queueFilter(actor, queue) : {};
    return this.deps.repository.list(this.deps.db.orm, {
      ...filter,
      ...narrowed,
      ...scope,
      sort: filter.sort ?? (queue ? 'deadline' : 'newest'),
    });
  }

  /** The case and everything about it, or 403/404 when the actor may not see it. */
  async get(actor: Actor, id: string) {
    const { deps } = this;
    const row = await deps.repository.find(deps.db.orm, id);
    if (!row) throw notFound('case', id);
    const access = await this.access(actor, row);
    if (access === 'none') {
      if (actor.kind === 'staff') {
        throw forbidden(`${actor.username} may not read cases in region ${row.gridId}`);
      }
      throw notFound('case', id);
    }
    await deps.departments.refresh();
    const [timeline, photos, reporters, mergedCases, notDuplicateCases] = [
      await deps.timeline.listFor(deps.db.orm, id),
      await deps.photos.listFor(deps.db.orm, id),
      await deps.repository.reportersOf(deps.db.orm, id),
      await deps.repository.mergedInto(deps.db.orm, id),
      await deps.repository.numbersOf(deps.db.orm, row.notDuplicateOf),
    ];
    const open: CaseStage[] = ['collected', 'registered'];
    return {
      row,
      access,
      timeline,
      photos,
      reporters,
      mergedCases,
      notDuplicateCases,
      availableActions:
        access === 'staff'
          ? availableActions({
              stage: row.stage,
              suspended: row.suspended,
              extensionPending: row.extensionHours !== null,
            })
          : [],
      suggestedAssignment:
        access === 'staff' && open.includes(row.stage)
          ? deps.catalog.resolve(row.classId, row.gridId)
          : null,
      possibleDuplicates:
        access === 'staff' && open.includes(row.stage)
          ? withoutDeclined(
              await deps.intake.duplicatesOf(deps.db.orm, row.classId, row, row.createdAt, row.id),
              row.notDuplicateOf,
            )
          : [],
      revealContact:
        access === 'reporter' ||
        deps.policy.can(actor, 'cases.contact.read', { regionId: row.gridId }),
    };
  }

  /** `staff` with read scope, `reporter` for those who reported it, else `none`. */
  async access(actor: Actor, row: CaseRow): Promise<'staff' | 'reporter' | 'none'> {
    if (actor.kind !== 'citizen' && actor.kind !== 'enterprise') {
      if (this.deps.policy.can(actor, 'cases.read', { regionId: row.gridId })) return 'staff';
    }
    if (row.reporterId === actor.id) return 'reporter';
    return (await this.deps.repository.isReporter(this.deps.db.orm, row.id, actor.id))
      ? 'reporter'
      : 'none';
  }

  private scopeOf(actor: Actor): Pick<CaseFilter, 'scopeRegionIds'> {
    const scopes = this.deps.policy.scopesFor(actor, 'cases.read');
    if (scopes.length === 0) this.deps.policy.authorize(actor, 'cases.read');
    return { scopeRegionIds: scopes.includes(this.deps.regions.rootId) ? null : scopes };
  }

  private async queueFilter(actor: Actor, queue: CaseQueue): Promise<Partial<CaseFilter>> {
    switch (queue) {
      case 'accept':
        return { stages: ['collected'] };
      case 'dispatch':
        return { stages: ['registered', 'reported_back'], orExtensionPending: true };
      case 'verify':
        return { stages: ['verifying'] };
      case 'close':
        return { stages: ['verified'] };
      case 'department': {
        const departmentId = actor.kind === 'staff' ? await this.deps.departmentOf(actor) : null;
        // A handler sees their department's cases; a grid worker those kept in the grid.
        return departmentId
          ? { stages: ['dispatched', 'handling'], assigneeDepartmentId: departmentId }
          : { stages: ['dispatched', 'handling'], keptInGrid: true };
      }
    }
  }
}
