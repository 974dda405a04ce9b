/** What the alerts module knows about a department (from the identity module's service). */
export interface DepartmentSummary {
  id: string;
  name: string;
  nameEn: string;
}

const RELOAD_MS = 60_000;
const MISS_RELOAD_MS = 10_000;

/**
 * The identity module's departments, cached so that alert views name the department owning
 * each device without reading identity's tables. Reloaded when stale, and on a miss at most
 * every ten seconds (a device may name a department that no longer exists).
 */
export class DepartmentDirectory {
  private byId = new Map<string, DepartmentSummary>();
  private loadedAt = 0;

  constructor(private readonly source: () => Promise<DepartmentSummary[]>) {}

  /** Makes sure the directory is fresh and knows `ids` if they exist. Call outside transactions. */
  async ensure(ids: Iterable<string | null>): Promise<void> {
    const now = Date.now();
    const stale = now - this.loadedAt >= RELOAD_MS || this.byId.size === 0;
    const missing = [...ids].some((id) => id !== null && !this.byId.has(id));
    if (stale || (missing && now - this.loadedAt >= MISS_RELOAD_MS)) {
      const list = await this.source();
      this.byId = new Map(list.map((d) => [d.id, d]));
      this.loadedAt = Date.now();
    }
  }

  get(id: string): DepartmentSummary | null {
    return this.byId.get(id) ?? null;
  }
}
