import type { Actor } from '../../platform/auth/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, badRequest, notFound } from '../../platform/errors/app-error.ts';
import type { UnitOfWork } from '../../platform/unit-of-work.ts';
import { BundleMergeError, mergeBundle } from './bundle-merge.ts';
import {
  itemOf,
  type BundleRow,
  type CatalogueRepository,
  type ItemFilter,
  type ItemRow,
} from './catalogue.repository.ts';
import type { FormValidator } from './form-validation.ts';
import {
  lifeEventIds,
  lifeEvents,
  topicIds,
  topics,
  type Audience,
  type Bundle,
  type BundleDefinition,
  type BundleStep,
  type FieldTarget,
  type FormSchema,
  type Material,
  type OnlineLevel,
  type ServiceItem,
} from './service-catalogue.ts';

/** What one applies for: an item, or a bundle of items behind one form. */
export interface ApplicationTarget {
  kind: 'item' | 'bundle';
  id: string;
  name: string;
  version: number;
  audiences: Audience[];
  form: FormSchema;
  materials: Array<Material & { itemIds: string[] }>;
  steps: BundleStep[];
  /** Bundle field → item fields; for an item, each field maps to itself. */
  fieldMap: Record<string, FieldTarget[]>;
  items: Map<string, ServiceItem>;
  statutoryDays: number;
  promisedDays: number;
  onlineLevel: OnlineLevel;
}

/**
 * The service catalogue: items and bundles, search and browse. Bundles are merged from
 * their items whenever they are imported, so the merged form always matches the items.
 */
export class CatalogueService {
  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly repository: CatalogueRepository,
    private readonly forms: FormValidator,
  ) {}

  /** Creates or replaces items (by id); bundles that contain them are merged again. */
  async importItems(actor: Actor, list: ServiceItem[]): Promise<number> {
    const problems = list.flatMap((item) => itemProblems(item, this.forms));
    if (problems.length > 0)
      throw new AppError('invalid_item', 422, problems.join('; '), { problems });
    return this.uow.run(async (ctx) => {
      for (const item of list) await this.repository.upsertItem(ctx.sql, item);
      const touched = new Map<string, BundleRow>();
      for (const item of list) {
        for (const bundle of await this.repository.bundlesWithItem(ctx.sql, item.id)) {
          touched.set(bundle.id, bundle);
        }
      }
      for (const bundle of touched.values()) {
        const definition = definitionOf(bundle);
        const items = await this.repository.findItems(
          ctx.sql,
          definition.steps.map((s) => s.itemId),
        );
        await this.repository.upsertBundle(
          ctx.sql,
          merged(definition, items),
          definition.audiences ?? null,
        );
      }
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'services.items.import',
        target: { type: 'service-item-batch', id: String(list.length) },
        details: { items: list.map((i) => i.id).slice(0, 200), bundlesRemerged: touched.size },
      });
      return list.length;
    });
  }

  async importBundles(actor: Actor, list: BundleDefinition[]): Promise<Bundle[]> {
    return this.uow.run(async (ctx) => {
      const saved: Bundle[] = [];
      for (const definition of list) {
        const problems: string[] = [];
        if (!lifeEventIds.includes(definition.lifeEvent)) {
          problems.push(`unknown life event ${definition.lifeEvent}`);
        }
        for (const topic of definition.topics) {
          if (!topicIds.includes(topic)) problems.push(`unknown topic ${topic}`);
        }
        if (problems.length > 0) {
          throw new AppError('invalid_bundle', 422, problems.join('; '), { problems });
        }
        const items = await this.repository.findItems(
          ctx.sql,
          definition.steps.map((s) => s.itemId),
        );
        const bundle = merged(definition, items);
        await this.repository.upsertBundle(ctx.sql, bundle, definition.audiences ?? null);
        saved.push(bundle);
      }
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'services.bundles.import',
        target: { type: 'service-bundle-batch', id: String(list.length) },
        details: { bundles: list.map((b) => b.id) },
      });
      return saved;
    });
  }

  async item(id: string): Promise<ItemRow> {
    const row = await this.repository.findItem(this.db.orm, id);
    if (!row || !row.active) throw notFound('service item', id);
    return row;
  }

  async bundle(id: string): Promise<BundleRow> {
    const row = await this.repository.findBundle(this.db.orm, id);
    if (!row || !row.active) throw notFound('bundle', id);
    return row;
  }

  async itemsOfBundle(bundle: BundleRow): Promise<ItemRow[]> {
    const rows = await this.repository.findItems(
      this.db.orm,
      bundle.steps.map((s) => s.itemId),
    );
    const order = new Map(bundle.steps.map((s, i) => [s.itemId, i]));
    return rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  }

  search(filter: ItemFilter) {
    return this.repository.searchItems(this.db.orm, filter);
  }

  searchBundles(filter: { q?: string; lifeEvent?: string; audience?: Audience }) {
    return this.repository.searchBundles(this.db.orm, filter);
  }

  /** Life events and topics with how many items each has. */
  async taxonomy() {
    const counts = await this.repository.counts(this.db.orm);
    return {
      lifeEvents: lifeEvents.map((e) => ({ ...e, items: counts.lifeEvents.get(e.id) ?? 0 })),
      topics: topics.map((t) => ({ ...t, items: counts.topics.get(t.id) ?? 0 })),
    };
  }

  countItems(): Promise<number> {
    return this.repository.countItems(this.db.orm);
  }

  catalogueStats() {
    return this.repository.catalogueStats(this.db.orm);
  }

  /** The item or bundle an application is for, with everything submission needs. */
  async target(kind: 'item' | 'bundle', id: string): Promise<ApplicationTarget> {
    if (kind === 'item') {
      const row = await this.item(id);
      const item = itemOf(row);
      return {
        kind,
        id,
        name: item.name,
        version: row.version,
        audiences: item.audiences,
        form: item.form,
        materials: item.materials.map((m) => ({ ...m, itemIds: [item.id] })),
        steps: [{ itemId: item.id, after: [] }],
        fieldMap: Object.fromEntries(
          Object.keys(item.form.properties).map((field) => [field, [{ itemId: item.id, field }]]),
        ),
        items: new Map([[item.id, item]]),
        statutoryDays: item.statutoryDays,
        promisedDays: item.promisedDays,
        onlineLevel: item.onlineLevel,
      };
    }
    const bundle = await this.bundle(id);
    const items = (await this.itemsOfBundle(bundle)).map(itemOf);
    return {
      kind,
      id,
      name: bundle.name,
      version: bundle.version,
      audiences: bundle.audiences,
      form: bundle.form,
      materials: bundle.materials,
      steps: bundle.steps,
      fieldMap: bundle.fieldMap,
      items: new Map(items.map((i) => [i.id, i])),
      statutoryDays: bundle.statutoryDays,
      promisedDays: bundle.promisedDays,
      onlineLevel: bundle.onlineLevel,
    };
  }
}

function definitionOf(row: BundleRow): BundleDefinition {
  return {
    id: row.id,
    name: row.name,
    nameEn: row.nameEn,
    description: row.description,
    lifeEvent: row.lifeEvent,
    topics: row.topics,
    steps: row.steps,
    aliases: row.aliases,
    keywords: row.keywords,
    ...(row.audienceOverride ? { audiences: row.audienceOverride } : {}),
  };
}

function merged(definition: BundleDefinition, rows: ItemRow[]): Bundle {
  try {
    return mergeBundle(definition, new Map(rows.map((r) => [r.id, itemOf(r)])));
  } catch (error) {
    if (error instanceof BundleMergeError) {
      throw new AppError('invalid_bundle', 422, `bundle ${definition.id}: ${error.message}`, {
        problems: error.problems,
      });
    }
    throw error;
  }
}

/** Everything wrong with an item, so a catalogue editor can fix it in one go. */
export function itemProblems(item: ServiceItem, forms: FormValidator): string[] {
  const problems: string[] = [];
  const at = (text: string) => problems.push(`${item.id}: ${text}`);
  if (item.promisedDays > item.statutoryDays) at('promised days exceed statutory days');
  if (item.audiences.length === 0) at('no audience');
  for (const e of item.lifeEvents) if (!lifeEventIds.includes(e)) at(`unknown life event ${e}`);
  for (const t of item.topics) if (!topicIds.includes(t)) at(`unknown topic ${t}`);
  const keys = new Set<string>();
  for (const m of item.materials) {
    if (keys.has(m.key)) at(`material ${m.key} twice`);
    keys.add(m.key);
  }
  if (item.form.type !== 'object' || item.form.additionalProperties !== false) {
    at('the form must be an object schema with additionalProperties: false');
  }
  for (const field of item.form.required ?? []) {
    if (!(field in item.form.properties)) at(`required field ${field} is not in the form`);
  }
  for (const p of forms.problemsOf(item.form)) at(`form: ${p}`);
  return problems;
}

export function assertTargetKind(kind: string): asserts kind is 'item' | 'bundle' {
  if (kind !== 'item' && kind !== 'bundle')
    throw badRequest('invalid_target', 'kind is item or bundle');
}
