import { sql } from 'drizzle-orm';
import type { Database, Sql } from '../../platform/db/database.ts';
import { arrayLiteral } from './scan-log.repository.ts';

export interface ScannerActivity {
  scannerId: string;
  lastScanAt: Date;
  scans: number;
  allowed: number;
}

interface Tally {
  lastScanAt: number;
  scans: number;
  allowed: number;
}

/**
 * Per-scanner summary of the scan log (last scan, counts). Logged batches are tallied in
 * memory and added to `citycode_scanner_activity` at most every `intervalMs`, in one
 * statement: at thousands of scans a second the summary costs one small upsert per interval,
 * not one per scan. What a node tallied in its last interval before a crash is lost from the
 * summary (never from the log).
 */
export class ScannerActivityTracker {
  private pending = new Map<string, Tally>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly intervalMs = 5_000,
  ) {}

  note(scans: ReadonlyArray<{ scannerId: string; scannedAt: Date; decision: string }>): void {
    for (const scan of scans) {
      const t = this.pending.get(scan.scannerId);
      const at = scan.scannedAt.getTime();
      if (t) {
        t.scans++;
        if (scan.decision === 'allow') t.allowed++;
        if (at > t.lastScanAt) t.lastScanAt = at;
      } else {
        this.pending.set(scan.scannerId, {
          lastScanAt: at,
          scans: 1,
          allowed: scan.decision === 'allow' ? 1 : 0,
        });
      }
    }
    if (!this.timer && this.pending.size > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush().catch(() => undefined);
      }, this.intervalMs);
      this.timer.unref();
    }
  }

  /** Writes what was tallied (also at shutdown and in tests). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.pending;
    this.pending = new Map();
    if (batch.size === 0) return this.writing;
    this.writing = this.writing.then(() => write(this.db.orm, batch));
    return this.writing;
  }

  async list(db: Sql, scannerIds?: string[]): Promise<Map<string, ScannerActivity>> {
    const result = (await db.execute(
      scannerIds
        ? sql`SELECT scanner_id, last_scan_at, scans, allowed FROM citycode_scanner_activity
               WHERE scanner_id = ANY(${arrayLiteral(scannerIds)}::text[])`
        : sql`SELECT scanner_id, last_scan_at, scans, allowed FROM citycode_scanner_activity`,
    )) as unknown as {
      rows: Array<{
        scanner_id: string;
        last_scan_at: Date | string;
        scans: number | string;
        allowed: number | string;
      }>;
    };
    return new Map(
      result.rows.map((r) => [
        r.scanner_id,
        {
          scannerId: r.scanner_id,
          lastScanAt: new Date(r.last_scan_at),
          scans: Number(r.scans),
          allowed: Number(r.allowed),
        },
      ]),
    );
  }
}

async function write(db: Sql, batch: Map<string, Tally>): Promise<void> {
  const ids = [...batch.keys()];
  const tallies = ids.map((id) => batch.get(id)!);
  await db.execute(sql`
    INSERT INTO citycode_scanner_activity AS a (scanner_id, last_scan_at, scans, allowed)
    SELECT * FROM unnest(
      ${arrayLiteral(ids)}::text[],
      ${arrayLiteral(tallies.map((t) => new Date(t.lastScanAt).toISOString()))}::timestamptz[],
      ${arrayLiteral(tallies.map((t) => String(t.scans)))}::bigint[],
      ${arrayLiteral(tallies.map((t) => String(t.allowed)))}::bigint[])
    ORDER BY 1
    ON CONFLICT (scanner_id) DO UPDATE
      SET last_scan_at = GREATEST(a.last_scan_at, excluded.last_scan_at),
          scans = a.scans + excluded.scans,
          allowed = a.allowed + excluded.allowed`);
}
