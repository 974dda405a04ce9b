import { and, arrayContains, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { boolean, integer, json, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Sql } from '../../platform/db/database.ts';
import {
  searchTextOf,
  type Audience,
  type Bundle,
  type BundleStep,
  type FieldTarget,
  type FormSchema,
  type HandlingLevel,
  type ItemKind,
  type LicenceOutput,
  type Material,
  type MergedMaterial,
  type OnlineLevel,
  type ServiceItem,
} from './service-catalogue.ts';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const items = pgTable('svc_items', {
  id: text('id').primaryKey(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  description: text('description').notNull(),
  departmentCode: text('department_code').notNull(),
  handledAt: text('handled_at').$type<HandlingLevel>().notNull(),
  kind: text('kind').$type<ItemKind>().notNull(),
  audiences: text('audiences').array().$type<Audience[]>().notNull(),
  statutoryDays: integer('statutory_days').notNull(),
  promisedDays: integer('promised_days').notNull(),
  onlineLevel: text('online_level').$type<OnlineLevel>().notNull(),
  materials: jsonb('materials').$type<Material[]>().notNull(),
  form: json('form_schema').$type<FormSchema>().notNull(),
  licence: jsonb('licence_output').$type<LicenceOutput | null>(),
  lifeEvents: text('life_events').array().notNull(),
  topics: text('topics').array().notNull(),
  keywords: text('keywords').notNull(),
  searchText: text('search_text').notNull(),
  active: boolean('active').notNull(),
  version: integer('version').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

export const bundles = pgTable('svc_bundles', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  description: text('description').notNull(),
  lifeEvent: text('life_event').notNull(),
  topics: text('topics').array().notNull(),
  audiences: text('audiences').array().$type<Audience[]>().notNull(),
  audienceOverride: text('audience_override').array().$type<Audience[]>(),
  steps: jsonb('steps').$type<BundleStep[]>().notNull(),
  aliases: jsonb('aliases').$type<Record<string, Record<string, string>>>().notNull(),
  form: json('form_schema').$type<FormSchema>().notNull(),
  fieldMap: jsonb('field_map').$type<Record<string, FieldTarget[]>>().notNull(),
  materials: jsonb('materials').$type<MergedMaterial[]>().notNull(),
  statutoryDays: integer('statutory_days').notNull(),
  promisedDays: integer('promised_days').notNull(),
  onlineLevel: text('online_level').$type<OnlineLevel>().notNull(),
  keywords: text('keywords').notNull(),
  searchText: text('search_text').notNull(),
  active: boolean('active').notNull(),
  version: integer('version').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

export type ItemRow = typeof items.$inferSelect;
export type BundleRow = typeof bundles.$inferSelect;

export interface ItemFilter {
  q?: string;
  lifeEvent?: string;
  topic?: string;
  departmentCode?: string;
  audience?: Audience;
  onlineLevel?: OnlineLevel;
  kind?: ItemKind;
  limit: number;
  offset: number;
}

/** The catalogue's tables: items and bundles, with trigram search over both. */
export class CatalogueRepository {
  async upsertItem(db: Sql, item: ServiceItem): Promise<void> {
    const values = {
      ...item,
      searchText: searchTextOf([
        item.name,
        item.nameEn,
        item.code,
        item.keywords,
        item.description,
      ]),
      active: true,
      version: 1,
    };
    const { id: _id, ...changes } = values;
    await db
      .insert(items)
      .values(values)
      .onConflictDoUpdate({
        target: items.id,
        set: { ...changes, version: sql`${items.version} + 1`, updatedAt: new Date() },
      });
  }

  async upsertBundle(db: Sql, bundle: Bundle, audienceOverride: Audience[] | null): Promise<void> {
    const values = {
      ...bundle,
      audienceOverride,
      searchText: searchTextOf([bundle.name, bundle.nameEn, bundle.keywords, bundle.description]),
      active: true,
      version: 1,
    };
    const { id: _id, ...changes } = values;
    await db
      .insert(bundles)
      .values(values)
      .onConflictDoUpdate({
        target: bundles.id,
        set: { ...changes, version: sql`${bundles.version} + 1`, updatedAt: new Date() },
      });
  }

  async findItem(db: Sql, id: string): Promise<ItemRow | undefined> {
    const [row] = await db.select().from(items).where(eq(items.id, id));
    return row;
  }

  async findItems(db: Sql, ids: string[]): Promise<ItemRow[]> {
    if (ids.length === 0) return [];
    return db.select().from(items).where(inArray(items.id, ids));
  }

  async findBundle(db: Sql, id: string): Promise<BundleRow | undefined> {
    const [row] = await db.select().from(bundles).where(eq(bundles.id, id));
    return row;
  }

  /** Bundles that contain an item (to refresh them when the item changes). */
  async bundlesWithItem(db: Sql, itemId: string): Promise<BundleRow[]> {
    return db
      .select()
      .from(bundles)
      .where(sql`${bundles.steps} @> ${JSON.stringify([{ itemId }])}::jsonb`);
  }

  /**
   * Items by filters. With a query, an item matches when its text contains the query or is
   * trigram-similar to it (typos, partial words); containing ranks first, then similarity.
   */
  async searchItems(db: Sql, filter: ItemFilter) {
    const conditions: SQL[] = [eq(items.active, true)];
    if (filter.lifeEvent) conditions.push(arrayContains(items.lifeEvents, [filter.lifeEvent]));
    if (filter.topic) conditions.push(arrayContains(items.topics, [filter.topic]));
    if (filter.departmentCode) conditions.push(eq(items.departmentCode, filter.departmentCode));
    if (filter.audience) conditions.push(arrayContains(items.audiences, [filter.audience]));
    if (filter.onlineLevel) conditions.push(eq(items.onlineLevel, filter.onlineLevel));
    if (filter.kind) conditions.push(eq(items.kind, filter.kind));
    const q = filter.q?.trim().toLowerCase();
    let rank: SQL | null = null;
    if (q) {
      const pattern = `%${q.replace(/[%_\\]/g, '\\$&')}%`;
      conditions.push(
        sql`(${items.searchText} LIKE ${pattern} OR word_similarity(${q}, ${items.searchText}) >= 0.3)`,
      );
      rank = sql`(CASE WHEN ${items.name} ILIKE ${pattern} THEN 2 WHEN ${items.searchText} LIKE ${pattern} THEN 1 ELSE 0 END + word_similarity(${q}, ${items.searchText}))`;
    }
    const where = and(...conditions);
    const [count] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(items)
      .where(where);
    const rows = await db
      .select()
      .from(items)
      .where(where)
      .orderBy(...(rank ? [sql`${rank} DESC`] : []), asc(items.departmentCode), asc(items.code))
      .limit(filter.limit)
      .offset(filter.offset);
    return { items: rows, total: count?.n ?? 0 };
  }

  async searchBundles(db: Sql, filter: { q?: string; lifeEvent?: string; audience?: Audience }) {
    const conditions: SQL[] = [eq(bundles.active, true)];
    if (filter.lifeEvent) conditions.push(eq(bundles.lifeEvent, filter.lifeEvent));
    if (filter.audience) conditions.push(arrayContains(bundles.audiences, [filter.audience]));
    const q = filter.q?.trim().toLowerCase();
    if (q) {
      const pattern = `%${q.replace(/[%_\\]/g, '\\$&')}%`;
      conditions.push(
        sql`(${bundles.searchText} LIKE ${pattern} OR word_similarity(${q}, ${bundles.searchText}) >= 0.3)`,
      );
    }
    return db
      .select()
      .from(bundles)
      .where(and(...conditions))
      .orderBy(asc(bundles.id));
  }

  /** Item counts per life event and per topic (for the browse pages). */
  async counts(db: Sql): Promise<{ lifeEvents: Map<string, number>; topics: Map<string, number> }> {
    const events = await db.execute(
      sql`SELECT e AS id, count(*)::int AS n FROM svc_items, unnest(life_events) AS e WHERE active GROUP BY e`,
    );
    const topicRows = await db.execute(
      sql`SELECT t AS id, count(*)::int AS n FROM svc_items, unnest(topics) AS t WHERE active GROUP BY t`,
    );
    const toMap = (result: unknown) =>
      new Map(
        (result as { rows: Array<{ id: string; n: number }> }).rows.map((r) => [r.id, Number(r.n)]),
      );
    return { lifeEvents: toMap(events), topics: toMap(topicRows) };
  }

  /** The catalogue's shape for the metrics: items per online level and kind, days. */
  async catalogueStats(db: Sql) {
    return db
      .select({
        onlineLevel: items.onlineLevel,
        departmentCode: items.departmentCode,
        n: sql<number>`count(*)::int`,
        statutory: sql<number>`coalesce(sum(${items.statutoryDays}), 0)::int`,
        promised: sql<number>`coalesce(sum(${items.promisedDays}), 0)::int`,
      })
      .from(items)
      .where(eq(items.active, true))
      .groupBy(items.onlineLevel, items.departmentCode);
  }

  async countItems(db: Sql): Promise<number> {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(items);
    return row?.n ?? 0;
  }
}

export function itemOf(row: ItemRow): ServiceItem {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameEn: row.nameEn,
    description: row.description,
    departmentCode: row.departmentCode,
    handledAt: row.handledAt,
    kind: row.kind,
    audiences: row.audiences,
    statutoryDays: row.statutoryDays,
    promisedDays: row.promisedDays,
    onlineLevel: row.onlineLevel,
    materials: row.materials,
    form: row.form,
    licence: row.licence ?? null,
    lifeEvents: row.lifeEvents,
    topics: row.topics,
    keywords: row.keywords,
  };
}
