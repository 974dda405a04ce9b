import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';
import { timeline } from './case-timeline.repository.ts';
import type { CaseStage } from './case-workflow.ts';
import { cases, type CaseRow } from './case.repository.ts';

/** Stages a public channel reports as `closed`; a merged case shows its master's stage. */
export const publicClosedStages: readonly CaseStage[] = ['closed', 'rejected'];

export interface PublicCaseFilter {
  numbers?: string[];
  classIds?: string[];
  status?: 'open' | 'closed';
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export interface PublicCaseRow {
  row: CaseRow;
  /** The master's number and stage when the case was merged into another. */
  masterNumber: string | null;
  masterStage: CaseStage | null;
  /** Who handles the master, by when, and when it last moved. */
  master: Pick<
    CaseRow,
    'assigneeDepartmentId' | 'assigneeGridId' | 'deadlineAt' | 'updatedAt'
  > | null;
}

const master = alias(cases, 'master_case');
/** The stage that decides the public status: the master's for a merged case. */
const effectiveStage = sql<CaseStage>`CASE WHEN ${cases.stage} = 'merged' THEN coalesce(${master.stage}, ${cases.stage}) ELSE ${cases.stage} END`;

/**
 * Reads for public channels (Open311): every case of the city by number, class, public status
 * and report time, newest first. Only the cases module's own tables.
 */
export class CasePublicRepository {
  /** One page, newest first (no total: public channels page by `page` and `page_size`). */
  async list(db: Sql, filter: PublicCaseFilter): Promise<PublicCaseRow[]> {
    const where = this.where(filter);
    const rows = await db
      .select({
        row: cases,
        masterNumber: master.number,
        masterStage: master.stage,
        masterDepartmentId: master.assigneeDepartmentId,
        masterGridId: master.assigneeGridId,
        masterDeadlineAt: master.deadlineAt,
        masterUpdatedAt: master.updatedAt,
      })
      .from(cases)
      .leftJoin(master, eq(master.id, cases.masterCaseId))
      .where(where)
      .orderBy(desc(cases.createdAt), desc(cases.id))
      .limit(filter.limit)
      .offset(filter.offset);
    return rows.map((r) => ({
      row: r.row,
      masterNumber: r.masterNumber,
      masterStage: r.masterStage,
      master: r.masterUpdatedAt
        ? {
            assigneeDepartmentId: r.masterDepartmentId,
            assigneeGridId: r.masterGridId,
            deadlineAt: r.masterDeadlineAt,
            updatedAt: r.masterUpdatedAt,
          }
        : null,
    }));
  }

  /** The latest note of a closing move (结案 or 不予立案) of each case: the reply. */
  async closingNotes(db: Sql, caseIds: string[]): Promise<Map<string, string>> {
    if (caseIds.length === 0) return new Map();
    const rows = await db
      .selectDistinctOn([timeline.caseId], { caseId: timeline.caseId, note: timeline.note })
      .from(timeline)
      .where(
        and(
          inArray(timeline.caseId, caseIds),
          inArray(timeline.action, ['close', 'reject', 'alert_cleared_close']),
        ),
      )
      .orderBy(timeline.caseId, desc(timeline.id));
    return new Map(rows.filter((r) => r.note).map((r) => [r.caseId, r.note as string]));
  }

  private where(filter: PublicCaseFilter): SQL | undefined {
    const conditions: SQL[] = [];
    if (filter.numbers) conditions.push(inArray(cases.number, [...filter.numbers, '']));
    if (filter.classIds) conditions.push(inArray(cases.classId, [...filter.classIds, '']));
    if (filter.from) conditions.push(gte(cases.createdAt, filter.from));
    if (filter.to) conditions.push(lte(cases.createdAt, filter.to));
    if (filter.status) {
      const closed = sql`${effectiveStage} IN (${sql.join(
        publicClosedStages.map((s) => sql`${s}`),
        sql`, `,
      )})`;
      conditions.push(filter.status === 'closed' ? closed : sql`NOT (${closed})`);
    }
    return conditions.length ? and(...conditions) : undefined;
  }
}
