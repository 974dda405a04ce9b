import type { Actor } from '../../platform/auth/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import { badRequest, notFound } from '../../platform/errors/app-error.ts';
import type { UnitOfWork } from '../../platform/unit-of-work.ts';
import type { RegionLevel } from './geography/index.ts';
import type { PolygonalGeometry } from './geography/index.ts';
import { RegionSpatialIndex } from './geography/index.ts';
import type { RegionRecord, RegionRepository } from './region.repository.ts';
import { regionsEvent } from './regions.events.ts';

export interface RegionSummary {
  id: string;
  name: string;
  level: RegionLevel;
}

interface RegionNode extends RegionRecord {
  childIds: string[];
}

export interface RegionListFilter {
  level?: RegionLevel;
  parent?: string;
  q?: string;
  limit: number;
  offset: number;
}

export interface RegionFeatureCollection {
  type: 'FeatureCollection';
  features: Array<{
    type: 'Feature';
    id: string;
    geometry: PolygonalGeometry;
    properties: { id: string; name: string; level: RegionLevel; parentId: string | null };
  }>;
}

export interface LocateResult {
  grid: RegionSummary | null;
  street: RegionSummary | null;
  district: RegionSummary | null;
}

/** What other modules need to scope by region: is one region inside another's subtree. */
export interface RegionScope {
  readonly rootId: string;
  isWithin(regionId: string, ancestorId: string): boolean;
  exists(regionId: string): boolean;
  nameOf(regionId: string): string | null;
  descendantIds(regionId: string): string[];
}

/**
 * The region tree lives in memory (≈7k regions for Shanghai, polygons included) with a
 * spatial index over the grids, so tree walks, scope checks and point lookups never touch
 * the database. The database is the source of truth; `load()` rebuilds from it.
 */
export class RegionsService implements RegionScope {
  private nodes = new Map<string, RegionNode>();
  private gridIndex: RegionSpatialIndex | null = null;
  private root: RegionNode | null = null;

  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly repository: RegionRepository,
  ) {}

  get rootId(): string {
    return this.root?.id ?? '';
  }

  get size(): number {
    return this.nodes.size;
  }

  async load(): Promise<void> {
    const records = await this.repository.loadAll(this.db.orm);
    const nodes = new Map<string, RegionNode>();
    for (const record of records) nodes.set(record.id, { ...record, childIds: [] });
    let root: RegionNode | null = null;
    for (const node of nodes.values()) {
      if (node.parentId === null) root = node;
      else nodes.get(node.parentId)?.childIds.push(node.id);
    }
    const grids = [...nodes.values()].filter((node) => node.level === 'grid');
    this.gridIndex = grids.length ? RegionSpatialIndex.build(grids) : null;
    this.nodes = nodes;
    this.root = root;
  }

  async isEmpty(): Promise<boolean> {
    return (await this.repository.count(this.db.orm)) === 0;
  }

  /** Imports a map (demo seed or a city's own boundaries); existing regions are kept. */
  async importMap(actor: Actor, regions: RegionRecord[]): Promise<number> {
    const inserted = await this.uow.run(async (ctx) => {
      const n = await this.repository.insertMany(ctx.sql, regions);
      const count = (level: RegionLevel) => regions.filter((r) => r.level === level).length;
      await ctx.emit(
        regionsEvent(
          'regions.map.imported',
          {
            regions: n,
            districts: count('district'),
            streets: count('street'),
            grids: count('grid'),
          },
          { actorId: actor.id },
        ),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'regions.import',
        target: { type: 'region-map', id: regions[0]?.id ?? 'empty' },
        details: { regions: regions.length, inserted: n },
      });
      return n;
    });
    await this.load();
    return inserted;
  }

  async rename(actor: Actor, id: string, name: string): Promise<RegionSummary> {
    const node = this.require(id);
    const trimmed = name.trim();
    if (trimmed.length === 0) throw badRequest('invalid_name', 'A region name cannot be blank');
    const from = node.name;
    await this.uow.run(async (ctx) => {
      await this.repository.rename(ctx.sql, id, trimmed);
      await ctx.emit(
        regionsEvent(
          'regions.region.renamed',
          { id, level: node.level, from, to: trimmed },
          { actorId: actor.id, regionId: id },
        ),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'regions.rename',
        target: { type: 'region', id },
        regionId: id,
        details: { from, to: trimmed },
      });
    });
    node.name = trimmed;
    return this.summary(node);
  }

  exists(regionId: string): boolean {
    return this.nodes.has(regionId);
  }

  nameOf(regionId: string): string | null {
    return this.nodes.get(regionId)?.name ?? null;
  }

  get(id: string): RegionRecord & { childIds: readonly string[] } {
    return this.require(id);
  }

  isWithin(regionId: string, ancestorId: string): boolean {
    let node = this.nodes.get(regionId);
    while (node) {
      if (node.id === ancestorId) return true;
      node = node.parentId ? this.nodes.get(node.parentId) : undefined;
    }
    return false;
  }

  /** From the city down to the region's parent. */
  ancestors(id: string): RegionSummary[] {
    const chain: RegionSummary[] = [];
    let node = this.require(id);
    while (node.parentId) {
      node = this.require(node.parentId);
      chain.unshift(this.summary(node));
    }
    return chain;
  }

  children(id: string): RegionSummary[] {
    return this.require(id).childIds.map((childId) => this.summary(this.require(childId)));
  }

  /** The region and everything below it. */
  descendantIds(id: string): string[] {
    const out: string[] = [];
    const stack = [id];
    while (stack.length) {
      const current = this.require(stack.pop() as string);
      out.push(current.id);
      stack.push(...current.childIds);
    }
    return out;
  }

  list(filter: RegionListFilter) {
    // No parent: a level or a search looks at the whole tree; neither lists the city itself.
    let candidates: RegionNode[];
    if (filter.parent) {
      candidates = this.require(filter.parent).childIds.map((childId) => this.require(childId));
    } else if (filter.level || filter.q) {
      candidates = [...this.nodes.values()];
    } else {
      candidates = this.root ? [this.root] : [];
    }
    if (filter.level) candidates = candidates.filter((node) => node.level === filter.level);
    if (filter.q) {
      const needle = filter.q.trim().toLowerCase();
      candidates = candidates.filter(
        (node) => node.name.toLowerCase().includes(needle) || node.id.startsWith(needle),
      );
    }
    candidates.sort((a, b) => a.sortKey - b.sortKey);
    const page = candidates.slice(filter.offset, filter.offset + filter.limit);
    return {
      items: page.map((node) => ({
        ...this.summary(node),
        parentId: node.parentId,
        centroid: node.centroid,
        childCount: node.childIds.length,
      })),
      total: candidates.length,
    };
  }

  features(filter: { level?: RegionLevel; parent?: string }): RegionFeatureCollection {
    const { items } = this.list({ ...filter, limit: Number.MAX_SAFE_INTEGER, offset: 0 });
    return {
      type: 'FeatureCollection',
      features: items.map((item) => {
        const node = this.require(item.id);
        return {
          type: 'Feature' as const,
          id: node.id,
          geometry: node.geometry,
          properties: { id: node.id, name: node.name, level: node.level, parentId: node.parentId },
        };
      }),
    };
  }

  locate(lng: number, lat: number): LocateResult | null {
    const gridId = this.gridIndex?.locate(lng, lat);
    if (!gridId) return null;
    const grid = this.require(gridId);
    const chain = [
      grid,
      ...this.ancestors(gridId)
        .reverse()
        .map((s) => this.require(s.id)),
    ];
    const at = (level: RegionLevel) => {
      const node = chain.find((n) => n.level === level);
      return node ? this.summary(node) : null;
    };
    return { grid: at('grid'), street: at('street'), district: at('district') };
  }

  private require(id: string): RegionNode {
    const node = this.nodes.get(id);
    if (!node) throw notFound('region', id);
    return node;
  }

  private summary(node: RegionNode): RegionSummary {
    return { id: node.id, name: node.name, level: node.level };
  }
}
