import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';

/** What the figures are grouped by: the responsible department, a region level, or a time bucket. */
export type EvaluationKey =
  | { kind: 'department' }
  | { kind: 'region'; column: 'district_id' | 'street_id' | 'grid_id' }
  | { kind: 'period'; interval: 'day' | 'week' | 'month'; timeZone: string };

/** Which cases: received in [from, to) inside a region subtree (null: the whole city). */
export interface EvaluationWindow {
  from: Date;
  to: Date;
  region: { column: 'district_id' | 'street_id' | 'grid_id'; id: string } | null;
}

/** The raw counts of one group (or of all of them: `key` null). */
export interface EvaluationCounts {
  key: string | null;
  received: number;
  registered: number;
  closed: number;
  closedOnTime: number;
  handled: number;
  rework: number;
  firstTimeClosed: number;
  avgHandleHours: number | null;
  handleSamples: number;
  avgCloseHours: number | null;
  closeSamples: number;
}

/** Department key for a case kept in its grid (网格自处置) and for one nobody holds now. */
export const GRID_KEY = 'grid';
export const UNASSIGNED_KEY = 'unassigned';

/**
 * The evaluation in one SQL statement (the same on PGlite and PostgreSQL): the cases received
 * in the window and the region are read once with their group key, then counted per group and
 * in total (GROUPING SETS). Re-openings are read from the timeline through a partial index;
 * returns (退回) and failed verifications (核查不通过) are the counters the transitions keep on
 * the case in step with the timeline.
 */
export class CaseEvaluationRepository {
  async figures(
    db: Database,
    key: EvaluationKey,
    window: EvaluationWindow,
  ): Promise<EvaluationCounts[]> {
    const region = window.region
      ? sql`AND c.${sql.identifier(window.region.column)} = ${window.region.id}`
      : sql``;
    const rows = await db.rows<EvaluationCounts & { total: boolean }>(sql`
      WITH c AS (
        SELECT ${keyOf(key)} AS key,
               c.stage, c.registered_at, c.dispatched_at, c.reported_back_at, c.closed_at,
               c.overdue_count, c.rework_count, c.return_count,
               c.id IN (SELECT t.case_id FROM cases_timeline t
                         WHERE t.action = 'reopen' AND t.from_stage = 'closed') AS reopened
          FROM cases_cases c
         WHERE c.created_at >= ${window.from} AND c.created_at < ${window.to} ${region}
      ), f AS (
        SELECT key,
               registered_at IS NOT NULL AS is_registered,
               stage = 'closed' AND registered_at IS NOT NULL AS is_closed,
               dispatched_at IS NOT NULL AS is_handled,
               return_count > 0 OR rework_count > 0 OR reopened AS is_rework,
               overdue_count = 0 AS never_overdue,
               CASE WHEN reported_back_at >= dispatched_at
                    THEN extract(epoch FROM reported_back_at - dispatched_at) / 3600 END AS handle_hours,
               CASE WHEN stage = 'closed' AND closed_at >= reported_back_at
                    THEN extract(epoch FROM closed_at - reported_back_at) / 3600 END AS close_hours
          FROM c
      )
      SELECT key,
             grouping(key) = 1 AS total,
             count(*)::int AS received,
             count(*) FILTER (WHERE is_registered)::int AS registered,
             count(*) FILTER (WHERE is_closed)::int AS closed,
             count(*) FILTER (WHERE is_closed AND never_overdue)::int AS "closedOnTime",
             count(*) FILTER (WHERE is_handled)::int AS handled,
             count(*) FILTER (WHERE is_handled AND is_rework)::int AS rework,
             count(*) FILTER (WHERE is_closed AND NOT is_rework)::int AS "firstTimeClosed",
             avg(handle_hours)::float8 AS "avgHandleHours",
             count(handle_hours)::int AS "handleSamples",
             avg(close_hours)::float8 AS "avgCloseHours",
             count(close_hours)::int AS "closeSamples"
        FROM f
       GROUP BY GROUPING SETS ((key), ())
       ORDER BY grouping(key), key`);
    return rows.map(({ total, ...row }) => ({ ...row, key: total ? null : row.key }));
  }
}

function keyOf(key: EvaluationKey): SQL {
  switch (key.kind) {
    case 'department':
      return sql`coalesce(c.assignee_department_id,
                          CASE WHEN c.assignee_grid_id IS NOT NULL THEN ${GRID_KEY} END,
                          ${UNASSIGNED_KEY})`;
    case 'region':
      return sql`c.${sql.identifier(key.column)}`;
    case 'period':
      // The local day, Monday-based week or month the case was received in, as 'YYYY-MM-DD'.
      return sql`to_char(date_trunc(${key.interval}, c.created_at AT TIME ZONE ${key.timeZone}), 'YYYY-MM-DD')`;
  }
}
