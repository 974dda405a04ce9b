import type { Database, Sql } from '../../platform/db/database.ts';
import type { ProductRow } from './product.repository.ts';
import { partitionDay, partitionName, type TelemetryRepository } from './telemetry.repository.ts';

const DAY_MS = 86_400_000;
export const DEFAULT_RETENTION_DAYS = 180;

export interface MaintenanceResult {
  created: string[];
  dropped: string[];
  deletedRows: number;
}

/**
 * Daily partitions of `iot_telemetry` (UTC days). Ingest asks `ensure` for the days its
 * batch touches — a known name costs a Set lookup, a missing one is created in a short
 * transaction of its own before the batch writes. The maintenance timer creates the coming
 * week ahead and applies retention.
 */
export class TelemetryPartitions {
  private known = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly repository: TelemetryRepository,
  ) {}

  async refresh(): Promise<string[]> {
    const names = await this.repository.partitions(this.db.orm);
    this.known = new Set(names);
    return names;
  }

  async ensure(times: Date[]): Promise<void> {
    const missing = new Map<string, Date>();
    for (const t of times) {
      const name = partitionName(t);
      if (!this.known.has(name) && !missing.has(name)) missing.set(name, t);
    }
    if (missing.size === 0) return;
    await this.refresh();
    for (const [name, day] of missing) {
      if (this.known.has(name)) continue;
      await this.db.transaction((tx) => this.repository.createPartition(tx, day));
      this.known.add(name);
    }
  }

  /**
   * Creates partitions from yesterday to `aheadDays` ahead; drops partitions that end
   * before the longest product retention; deletes older readings of products that keep
   * less than that (row deletes, confined to the partitions between the two cut-offs).
   */
  async maintain(
    sql: Sql,
    now: Date,
    products: ProductRow[],
    aheadDays = 7,
  ): Promise<MaintenanceResult> {
    const result: MaintenanceResult = { created: [], dropped: [], deletedRows: 0 };
    for (let d = -1; d <= aheadDays; d++) {
      const day = new Date(now.getTime() + d * DAY_MS);
      if (await this.repository.createPartition(sql, day)) result.created.push(partitionName(day));
    }
    const longest = products.length
      ? Math.max(...products.map((p) => p.retentionDays))
      : DEFAULT_RETENTION_DAYS;
    const cutoff = now.getTime() - longest * DAY_MS;
    for (const name of await this.repository.partitions(sql)) {
      const day = partitionDay(name);
      if (day && day.getTime() + DAY_MS <= cutoff) {
        await this.repository.dropPartition(sql, name);
        result.dropped.push(name);
      }
    }
    for (const product of products) {
      if (product.retentionDays < longest) {
        const productCutoff = new Date(now.getTime() - product.retentionDays * DAY_MS);
        result.deletedRows += await this.repository.deleteOlder(sql, product.id, productCutoff);
      }
    }
    // Names learnt before this transaction may be stale now; the next ensure() re-reads.
    this.known.clear();
    return result;
  }
}
