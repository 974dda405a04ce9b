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

const isOpen = sql.raw(`stage IN (${openStages.map((s) => `'${s}'`).join(', ')})`);

/**
 * Read-only case figures for the big screen, on the same rows and region columns as
 * GET /api/v1/cases: open cases by stage, cases opened and closed since a time, and the
 * on-time close rate (按期结案率: closed cases that never went overdue).
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
                 count(*) FILTER (WHERE stage = 'closed' AND closed_at >= ${rateSince.toISOString()})::int AS rated,
                 count(*) FILTER (WHERE stage = 'closed' AND closed_at >= ${rateSince.toISOString()}
                                    AND overdue_count = 0)::int AS "onTime"
            FROM cases_cases
           WHERE ${inRegion(region)}
             AND (created_at >= ${today.toISOString()} OR closed_at >= ${rateSince.toISOString()})`,
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
