import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';

/** Read-only application figures for the big screen. */
export class ApplicationFigures {
  constructor(private readonly db: Database) {}

  /**
   * Applications submitted since `since`, city-wide or in one district (applications carry
   * the district they are handled in, nothing finer).
   */
  async submittedSince(since: Date, districtId: string | null): Promise<number> {
    const [row] = await this.db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM svc_applications
           WHERE submitted_at >= ${since.toISOString()}
             ${districtId ? sql`AND district_id = ${districtId}` : sql``}`,
    );
    return Number(row?.n ?? 0);
  }
}
