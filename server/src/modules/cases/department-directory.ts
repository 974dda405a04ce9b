/** What the cases module knows about a department (from the identity module's service). */
export interface DepartmentSummary {
  id: string;
  code: string;
  name: string;
  regionId: string;
}

const RELOAD_MS = 60_000;

/**
 * The identity module's departments, cached in memory so dispatch rules resolve without a
 * query (and without touching the database inside a transaction). Reloaded when stale or
 * when asked about a department it does not know.
 */
export class DepartmentDirectory {
  private byId = new Map<string, DepartmentSummary>();
  private byRegionCode = new Map<string, DepartmentSummary>();
  private loadedAt = 0;

  constructor(private readonly source: () => Promise<DepartmentSummary[]>) {}

  /** Call outside transactions: it may query the identity module. */
  async refresh(force = false): Promise<void> {
    if (!force && Date.now() - this.loadedAt < RELOAD_MS && this.byId.size > 0) return;
    const list = await this.source();
    this.byId = new Map(list.map((d) => [d.id, d]));
    this.byRegionCode = new Map(list.map((d) => [`${d.regionId}|${d.code}`, d]));
    this.loadedAt = Date.now();
  }

  /** Makes sure `id` is known if it exists at all (one reload on a miss). */
  async ensure(id: string): Promise<DepartmentSummary | null> {
    if (!this.byId.has(id)) await this.refresh(true);
    return this.byId.get(id) ?? null;
  }

  get(id: string): DepartmentSummary | null {
    return this.byId.get(id) ?? null;
  }

  /** The department of a kind (code) in a region: 黄浦区 + cg → 黄浦区城市管理行政执法局. */
  inRegion(regionId: string, code: string): DepartmentSummary | null {
    return this.byRegionCode.get(`${regionId}|${code}`) ?? null;
  }
}
