import {
  onlineLevelRank,
  type Audience,
  type Bundle,
  type BundleDefinition,
  type BundleStep,
  type FieldSchema,
  type FieldTarget,
  type FormSchema,
  type MergedMaterial,
  type OnlineLevel,
  type ServiceItem,
} from './service-catalogue.ts';

export class BundleMergeError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'BundleMergeError';
  }
}

/**
 * Builds a bundle (一件事) from its items: one form whose every field is mapped to the item
 * fields it fills, one deduplicated set of materials, and the days along the longest chain
 * of ordered steps. Two items may share a field only if they agree on its type; a field an
 * item calls differently is joined through `aliases`.
 */
export function mergeBundle(definition: BundleDefinition, items: ReadonlyMap<string, ServiceItem>) {
  const problems = stepProblems(definition.steps, new Set(items.keys()));
  if (problems.length > 0) throw new BundleMergeError(problems);
  const ordered = definition.steps.map((step) => items.get(step.itemId)!);

  const properties: Record<string, FieldSchema> = {};
  const required = new Set<string>();
  const fieldMap: Record<string, FieldTarget[]> = {};
  for (const item of ordered) {
    const aliases = definition.aliases[item.id] ?? {};
    for (const [field, schema] of Object.entries(item.form.properties)) {
      const bundleField = aliases[field] ?? field;
      const existing = properties[bundleField];
      if (existing && !sameShape(existing, schema)) {
        problems.push(
          `field ${bundleField}: ${item.id}.${field} is ${describe(schema)}, an earlier item has ${describe(existing)}`,
        );
        continue;
      }
      properties[bundleField] = existing ? narrower(existing, schema) : { ...schema };
      (fieldMap[bundleField] ??= []).push({ itemId: item.id, field });
      if (item.form.required?.includes(field)) required.add(bundleField);
    }
  }
  for (const [itemId, map] of Object.entries(definition.aliases)) {
    const item = items.get(itemId);
    if (!item || !definition.steps.some((s) => s.itemId === itemId)) {
      problems.push(`aliases name ${itemId}, which is not a step of the bundle`);
      continue;
    }
    for (const field of Object.keys(map)) {
      if (!(field in item.form.properties))
        problems.push(`aliases: ${itemId} has no field ${field}`);
    }
  }

  // A licence one item needs that an item it waits for produces is not asked of the applicant:
  // the bundle supplies it (the liquor licence needs the food licence issued just before).
  const producedBefore = upstreamOutputs(definition.steps, items);
  const materials: MergedMaterial[] = [];
  for (const item of ordered) {
    for (const material of item.materials) {
      if (
        material.source.kind === 'licence' &&
        producedBefore.get(item.id)?.has(material.source.licenceType)
      ) {
        continue;
      }
      const same = materials.find((m) => m.key === material.key);
      if (!same) {
        materials.push({ ...material, itemIds: [item.id] });
        continue;
      }
      if (JSON.stringify(same.source) !== JSON.stringify(material.source)) {
        problems.push(
          `material ${material.key} comes from different sources in ${same.itemIds[0]} and ${item.id}`,
        );
        continue;
      }
      same.required ||= material.required;
      same.itemIds.push(item.id);
    }
  }

  const common = (['person', 'enterprise'] as Audience[]).filter((a) =>
    ordered.every((item) => item.audiences.includes(a)),
  );
  const audiences = definition.audiences ?? common;
  if (audiences.length === 0) problems.push('the items have no audience in common');
  for (const a of definition.audiences ?? []) {
    if (!ordered.some((item) => item.audiences.includes(a))) {
      problems.push(`no item of the bundle is for ${a}`);
    }
  }
  if (problems.length > 0) throw new BundleMergeError(problems);

  const form: FormSchema = {
    type: 'object',
    properties,
    required: [...required],
    additionalProperties: false,
  };
  const onlineLevel = ordered
    .map((item) => item.onlineLevel)
    .reduce<OnlineLevel>(
      (worst, level) => (onlineLevelRank[level] > onlineLevelRank[worst] ? level : worst),
      'full_online',
    );
  const bundle: Bundle = {
    ...definition,
    audiences,
    form,
    fieldMap,
    materials,
    statutoryDays: longestChain(definition.steps, (id) => items.get(id)!.statutoryDays),
    promisedDays: longestChain(definition.steps, (id) => items.get(id)!.promisedDays),
    onlineLevel,
  };
  return bundle;
}

/** The part of a bundle's form that one item needs, under the item's own field names. */
export function projectForm(
  form: Record<string, unknown>,
  fieldMap: Record<string, FieldTarget[]>,
  itemId: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [bundleField, targets] of Object.entries(fieldMap)) {
    if (!(bundleField in form)) continue;
    for (const target of targets) {
      if (target.itemId === itemId) out[target.field] = form[bundleField];
    }
  }
  return out;
}

/** Unknown items, self-references, dependencies outside the bundle, repeats and cycles. */
export function stepProblems(steps: BundleStep[], known: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (steps.length < 2) problems.push('a bundle needs at least two items');
  const ids = new Set<string>();
  for (const step of steps) {
    if (!known.has(step.itemId)) problems.push(`unknown item ${step.itemId}`);
    if (ids.has(step.itemId)) problems.push(`item ${step.itemId} appears twice`);
    ids.add(step.itemId);
  }
  for (const step of steps) {
    for (const before of step.after) {
      if (before === step.itemId) problems.push(`${step.itemId} waits for itself`);
      else if (!ids.has(before))
        problems.push(`${step.itemId} waits for ${before}, not in the bundle`);
    }
  }
  if (problems.length === 0 && hasCycle(steps))
    problems.push('the steps wait for each other in a cycle');
  return problems;
}

/** For each step, the licence types the steps it waits for (directly or not) produce. */
function upstreamOutputs(
  steps: BundleStep[],
  items: ReadonlyMap<string, ServiceItem>,
): Map<string, Set<string>> {
  const byId = new Map(steps.map((s) => [s.itemId, s]));
  const memo = new Map<string, Set<string>>();
  const upstream = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const out = new Set<string>();
    memo.set(id, out);
    for (const before of byId.get(id)?.after ?? []) {
      const produced = items.get(before)?.licence?.type;
      if (produced) out.add(produced);
      for (const type of upstream(before)) out.add(type);
    }
    return out;
  };
  return new Map(steps.map((s) => [s.itemId, upstream(s.itemId)]));
}

/** The longest sum of days along chains of `after` (the bundle's critical path). */
export function longestChain(steps: BundleStep[], days: (itemId: string) => number): number {
  const byId = new Map(steps.map((s) => [s.itemId, s]));
  const memo = new Map<string, number>();
  const finish = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const step = byId.get(id)!;
    const start = Math.max(0, ...step.after.map(finish));
    const value = start + days(id);
    memo.set(id, value);
    return value;
  };
  return Math.max(0, ...steps.map((s) => finish(s.itemId)));
}

function hasCycle(steps: BundleStep[]): boolean {
  const byId = new Map(steps.map((s) => [s.itemId, s]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): boolean => {
    if (state.get(id) === 'done') return false;
    if (state.get(id) === 'visiting') return true;
    state.set(id, 'visiting');
    const cyclic = (byId.get(id)?.after ?? []).some(visit);
    state.set(id, 'done');
    return cyclic;
  };
  return steps.some((s) => visit(s.itemId));
}

function sameShape(a: FieldSchema, b: FieldSchema): boolean {
  return a.type === b.type && JSON.stringify(a.enum ?? null) === JSON.stringify(b.enum ?? null);
}

/** When two items share a field, the bundle asks for what satisfies both. */
function narrower(a: FieldSchema, b: FieldSchema): FieldSchema {
  const out: FieldSchema = { ...a };
  const max = (x?: number, y?: number) =>
    x === undefined ? y : y === undefined ? x : Math.max(x, y);
  const min = (x?: number, y?: number) =>
    x === undefined ? y : y === undefined ? x : Math.min(x, y);
  const minLength = max(a.minLength, b.minLength);
  const maxLength = min(a.maxLength, b.maxLength);
  const minimum = max(a.minimum, b.minimum);
  const maximum = min(a.maximum, b.maximum);
  if (minLength !== undefined) out.minLength = minLength;
  if (maxLength !== undefined) out.maxLength = maxLength;
  if (minimum !== undefined) out.minimum = minimum;
  if (maximum !== undefined) out.maximum = maximum;
  out.pattern ??= b.pattern;
  out.format ??= b.format;
  return out;
}

function describe(schema: FieldSchema): string {
  return schema.enum ? `${schema.type} of [${schema.enum.join(', ')}]` : schema.type;
}
