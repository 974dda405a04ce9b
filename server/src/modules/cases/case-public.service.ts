import type { Database } from '../../platform/db/database.ts';
import type { RegionScope } from '../regions/index.ts';
import type { CaseCatalog } from './case-catalog.service.ts';
import {
  publicClosedStages,
  type CasePublicRepository,
  type PublicCaseFilter,
} from './case-public.repository.ts';
import type { CaseTimelineRepository, TimelineRow } from './case-timeline.repository.ts';
import { transitions, type CaseSource, type CaseStage } from './case-workflow.ts';
import type { CaseRepository, CaseRow } from './case.repository.ts';
import type { DepartmentDirectory } from './department-directory.ts';

export type PublicStatus = 'open' | 'closed';
export type PublicCaseQuery = PublicCaseFilter;

/** A case as anyone may see it: no reporter, no staff, no internal notes. */
export interface PublicCase {
  id: string;
  number: string;
  classId: string;
  className: string;
  source: CaseSource;
  /** The stage that decides the status: the master's for a merged case. */
  stage: CaseStage;
  status: PublicStatus;
  /**
   * What the reporter wrote; null for citizens' and 12345 hotline reports, whose text may
   * name people (public channels show the class instead).
   */
  description: string | null;
  address: string | null;
  lng: number;
  lat: number;
  gridId: string;
  districtId: string;
  regionNames: { grid: string; street: string; district: string };
  /** The department handling it, or the grid (小事不出网格); null before dispatch. */
  agency: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** The current deadline while the case is open. */
  expectedAt: Date | null;
  masterNumber: string | null;
  /** The reply: the note of 结案 or 不予立案 (the master's, for a merged case). */
  statusNote: string | null;
}

/** One public step of a case's history. */
export interface PublicUpdate {
  at: Date;
  /** The case this step happened on (the master's number after a merge). */
  number: string;
  action: string;
  /** 立案, 派遣, 结案 … */
  label: string;
  stage: CaseStage | null;
  status: PublicStatus;
  note: string | null;
  agency: string | null;
}

/** Moves whose notes are written for the reporter; other notes stay inside the operations centre. */
const publicNoteActions = new Set(['register', 'reject', 'close', 'reopen', 'alert_cleared_close']);
/** Internal moves (who signed, extensions, supervision) are not public history. */
const publicActions = new Set([
  'collect',
  'register',
  'reject',
  'merge',
  'dispatch',
  'accept',
  'return',
  'report_back',
  'request_verification',
  'verify',
  'fail_verification',
  'close',
  'reopen',
  'alert_cleared_close',
]);
const quietSources: readonly CaseSource[] = ['citizen', 'hotline_12345'];

const statusOf = (stage: CaseStage): PublicStatus =>
  publicClosedStages.includes(stage) ? 'closed' : 'open';

export interface PublicDeps {
  db: Database;
  repository: CaseRepository;
  publicRepository: CasePublicRepository;
  timeline: CaseTimelineRepository;
  catalog: CaseCatalog;
  departments: DepartmentDirectory;
  regions: RegionScope;
}

/**
 * The cases as public channels (Open311) show them: every case of the city, its public
 * status (a merged case follows its master, so everyone who reported it stays informed), the
 * reply when it closes, and a history without names.
 */
export class CasePublicService {
  constructor(private readonly deps: PublicDeps) {}

  async list(query: PublicCaseQuery): Promise<PublicCase[]> {
    const { deps } = this;
    await Promise.all([deps.catalog.refresh(), deps.departments.refresh()]);
    const rows = await deps.publicRepository.list(deps.db.orm, query);
    // Replies exist only for closed cases (a merged one's is its master's).
    const noteIds = rows.flatMap(({ row, masterStage }) => {
      const stage = row.stage === 'merged' && masterStage ? masterStage : row.stage;
      if (statusOf(stage) !== 'closed') return [];
      return [row.stage === 'merged' && row.masterCaseId ? row.masterCaseId : row.id];
    });
    const notes = await deps.publicRepository.closingNotes(deps.db.orm, noteIds);
    const items = rows.map(({ row, masterNumber, masterStage, master }) => {
      const merged = row.stage === 'merged' && master !== null;
      const stage = merged && masterStage ? masterStage : row.stage;
      const noteOf = merged && row.masterCaseId ? row.masterCaseId : row.id;
      // A merged case is handled as its master: who, by when and the last move are the master's.
      const shown = merged ? { ...row, ...master } : row;
      return this.present(shown, stage, masterNumber, notes.get(noteOf) ?? null);
    });
    return items;
  }

  async get(number: string): Promise<PublicCase | null> {
    const [found] = await this.list({ numbers: [number], limit: 1, offset: 0 });
    return found ?? null;
  }

  /** The public history: the case's own steps, then (after a merge) its master's. */
  async updates(number: string): Promise<PublicUpdate[] | null> {
    const { deps } = this;
    const row = await deps.repository.findByNumber(deps.db.orm, number);
    if (!row) return null;
    await deps.departments.refresh();
    const own = await deps.timeline.listFor(deps.db.orm, row.id);
    const steps = own.map((t) => ({ t, number: row.number }));
    if (row.stage === 'merged' && row.masterCaseId) {
      const masterRow = await deps.repository.find(deps.db.orm, row.masterCaseId);
      const mergedAt = own.findLast((t) => t.action === 'merge')?.at ?? row.updatedAt;
      const after = (await deps.timeline.listFor(deps.db.orm, row.masterCaseId)).filter(
        (t) => t.at > mergedAt,
      );
      steps.push(...after.map((t) => ({ t, number: masterRow?.number ?? row.number })));
    }
    let stage: CaseStage = 'collected';
    const updates: PublicUpdate[] = [];
    for (const { t, number: on } of steps) {
      // A merge hands the case to its (open) master: its status stays that of an open case.
      const merged = t.action === 'merge';
      if (t.toStage && !merged) stage = t.toStage;
      if (!publicActions.has(t.action)) continue;
      const masterNumber = merged ? t.details.masterNumber : null;
      updates.push({
        at: t.at,
        number: on,
        action: t.action,
        label: labelOf(t),
        stage: t.toStage,
        status: statusOf(stage),
        note:
          typeof masterNumber === 'string'
            ? `与 ${masterNumber} 合并处理`
            : publicNoteActions.has(t.action)
              ? t.note
              : null,
        agency: t.action === 'dispatch' ? this.agencyFromDetails(t, row) : null,
      });
    }
    return updates;
  }

  private present(
    row: CaseRow,
    stage: CaseStage,
    masterNumber: string | null,
    statusNote: string | null,
  ): PublicCase {
    const { catalog, regions } = this.deps;
    const cls = catalog.classOf(row.classId);
    const status = statusOf(stage);
    return {
      id: row.id,
      number: row.number,
      classId: row.classId,
      className: cls ? cls.smallName : row.classId,
      source: row.source,
      stage,
      status,
      description: quietSources.includes(row.source) ? null : row.description,
      address: row.address,
      lng: row.lng,
      lat: row.lat,
      gridId: row.gridId,
      districtId: row.districtId,
      regionNames: {
        grid: regions.nameOf(row.gridId) ?? row.gridId,
        street: regions.nameOf(row.streetId) ?? row.streetId,
        district: regions.nameOf(row.districtId) ?? row.districtId,
      },
      agency: this.agencyOf(row),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      expectedAt: status === 'open' ? row.deadlineAt : null,
      masterNumber,
      statusNote: status === 'closed' ? statusNote : null,
    };
  }

  private agencyOf(row: Pick<CaseRow, 'assigneeDepartmentId' | 'assigneeGridId'>): string | null {
    if (row.assigneeDepartmentId) {
      return this.deps.departments.get(row.assigneeDepartmentId)?.name ?? row.assigneeDepartmentId;
    }
    if (row.assigneeGridId) {
      return `${this.deps.regions.nameOf(row.assigneeGridId) ?? row.assigneeGridId}网格`;
    }
    return null;
  }

  private agencyFromDetails(t: TimelineRow, row: Pick<CaseRow, 'gridId'>): string | null {
    const departmentId = t.details.departmentId;
    if (typeof departmentId === 'string') {
      return this.deps.departments.get(departmentId)?.name ?? departmentId;
    }
    if (t.details.keptInGrid === true) {
      return `${this.deps.regions.nameOf(row.gridId) ?? row.gridId}网格`;
    }
    return null;
  }
}

function labelOf(t: TimelineRow): string {
  if (t.action === 'collect') return '信息采集';
  const rule = (transitions as Record<string, { label: string } | undefined>)[t.action];
  return rule?.label ?? t.action;
}
