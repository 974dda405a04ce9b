/** What the services module knows about a department (from the identity module's service). */
export interface DepartmentSummary {
  id: string;
  code: string;
  name: string;
  shortName: string;
  nameEn: string;
  regionId: string;
}

const RELOAD_MS = 60_000;

/**
 * The identity module's departments, cached so that routing a sub-task to "黄浦区 + scjg"
 * needs no query (and none inside a transaction). Reloaded when stale or on a miss.
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

  get(id: string): DepartmentSummary | null {
    return this.byId.get(id) ?? null;
  }

  inRegion(regionId: string, code: string): DepartmentSummary | null {
    return this.byRegionCode.get(`${regionId}|${code}`) ?? null;
  }

  /** The city-level department of a code (for names in the catalogue). */
  anyOfCode(code: string, cityId: string): DepartmentSummary | null {
    return this.inRegion(cityId, code);
  }
}
