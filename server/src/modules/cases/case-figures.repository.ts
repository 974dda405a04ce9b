import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import type { RegionLevel } from '../regions/index.ts';
import { openStages, type CaseStage } from './case-workflow.ts';

export interface CaseRegion {
  level: RegionLevel;
  regionId: string;
}

const columnOf = { district: 'district_id', street: 'street_id', grid: 'grid_id' } as const;

function inRegion(region: CaseRegion): SQL {
  if (region.level === 'city') return sql`TRUE`;
  return sql`${sql.raw(columnOf[region.level])} = ${region.regionId}`;
}

/**
 * The cohort of 按期结案率, as GET /api/v1/case-evaluation counts it: cases received since
 * `since` that are now closed after being registered.
 */
const closedSince = (since: Date) =>
  sql`created_at >= ${since.toISOString()} AND stage = 'closed' AND registered_at IS NOT NULL`;

const isOpen = sql.raw(`stage IN (${openStages.map((s) => `'${s}'`).join(', ')})`);

/**
 * Read-only case figures for the big screen, on the same rows and region columns as
 * GET /api/v1/cases: open cases by stage, cases opened and closed since a time, and the
 * on-time close rate (按期结案率: of the cases received since a time and now closed, the share
 * that never went overdue — the definition of GET /api/v1/case-evaluation).
 */
export class CaseFigures {
  constructor(private readonly db: Database) {}

  async summary(
    region: CaseRegion,
    today: Date,
    rateSince: Date,
  ): Promise<{
    byStage: Array<{ stage: CaseStage; count: number }>;
    openedSince: number;
    closedSince: number;
    closedForRate: number;
    closedOnTime: number;
  }> {
    const stages = await this.db.rows<{ stage: CaseStage; n: number }>(
      sql`SELECT stage, count(*)::int AS n FROM cases_cases
           WHERE ${isOpen} AND ${inRegion(region)} GROUP BY stage`,
    );
    const found = new Map(stages.map((r) => [r.stage, Number(r.n)]));
    const [totals] = await this.db.rows<{
      opened: number;
      closed: number;
      rated: number;
      onTime: number;
    }>(
      sql`SELECT count(*) FILTER (WHERE created_at >= ${today.toISOString()})::int AS opened,
                 count(*) FILTER (WHERE stage = 'closed' AND closed_at >= ${today.toISOString()})::int AS closed,
                 count(*) FILTER (WHERE ${closedSince(rateSince)})::int AS rated,
                 count(*) FILTER (WHERE ${closedSince(rateSince)} AND overdue_count = 0)::int AS "onTime"
            FROM cases_cases
           WHERE ${inRegion(region)}
             AND (created_at >= ${today.toISOString()} OR created_at >= ${rateSince.toISOString()})`,
    );
    return {
      byStage: openStages.map((stage) => ({ stage, count: found.get(stage) ?? 0 })),
      openedSince: Number(totals?.opened ?? 0),
      closedSince: Number(totals?.closed ?? 0),
      closedForRate: Number(totals?.rated ?? 0),
      closedOnTime: Number(totals?.onTime ?? 0),
    };
  }

  /** Open cases per region of the given level inside the region. */
  async openBy(
    region: CaseRegion,
    level: Exclude<RegionLevel, 'city'>,
  ): Promise<Map<string, number>> {
    const found = await this.db.rows<{ key: string; n: number }>(
      sql`SELECT ${sql.raw(columnOf[level])} AS key, count(*)::int AS n FROM cases_cases
           WHERE ${isOpen} AND ${inRegion(region)} GROUP BY 1`,
    );
    return new Map(found.map((r) => [r.key, Number(r.n)]));
  }
}
