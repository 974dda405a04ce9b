import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import type { SceneType } from './scene-types.ts';

/**
 * Read-only scan figures for the big screen, from the per-minute counts each scan batch adds
 * up (never from the scan log itself): scans per scene since a time, with the scene's region.
 */
export class ScanFigures {
  constructor(private readonly db: Database) {}

  async perSceneSince(since: Date): Promise<
    Array<{
      sceneId: string;
      type: SceneType | null;
      name: string;
      regionId: string | null;
      count: number;
    }>
  > {
    const found = await this.db.rows<{
      sceneId: string;
      type: SceneType | null;
      name: string | null;
      regionId: string | null;
      count: number;
    }>(
      sql`SELECT c.scene_id AS "sceneId", s.type, s.name, s.region_id AS "regionId",
                 sum(c.allowed + c.denied)::int AS count
            FROM citycode_scan_counts c LEFT JOIN citycode_scenes s ON s.id = c.scene_id
           WHERE c.minute >= ${since.toISOString()}
           GROUP BY c.scene_id, s.type, s.name, s.region_id`,
    );
    return found.map((r) => ({ ...r, name: r.name ?? r.sceneId, count: Number(r.count) }));
  }
}
