import type { CaseClass } from '../api/cases-api';

type Locale = 'zh-CN' | 'en-US';
type Named = Pick<CaseClass, 'bigName' | 'smallName'> &
  Partial<Pick<CaseClass, 'bigNameEn' | 'smallNameEn'>>;

/** The big class's name in the interface's language (the Chinese one when no English exists). */
export function bigNameOf(c: Named, locale: Locale = 'zh-CN'): string {
  return locale === 'en-US' && c.bigNameEn ? c.bigNameEn : c.bigName;
}

/** The small class's name in the interface's language. */
export function smallNameOf(c: Named, locale: Locale = 'zh-CN'): string {
  return locale === 'en-US' && c.smallNameEn ? c.smallNameEn : c.smallName;
}

export interface ClassOption {
  value: string;
  label: string;
  children?: ClassOption[];
}

/**
 * The class picker's tree: 事件 / 部件 → big class → small class, codes kept in order so
 * the list reads like the GB/T 30428 tables staff know.
 */
export function classOptions(
  classes: readonly CaseClass[],
  kindLabels: Readonly<Record<CaseClass['kind'], string>>,
  locale: Locale = 'zh-CN',
): ClassOption[] {
  const kinds: Array<CaseClass['kind']> = ['event', 'component'];
  return kinds
    .map((kind) => {
      const ofKind = classes
        .filter((c) => c.kind === kind && c.enabled)
        .sort((a, b) => a.id.localeCompare(b.id));
      const bigs = new Map<string, ClassOption>();
      for (const c of ofKind) {
        const key = `${kind}:${c.bigCode}`;
        let big = bigs.get(key);
        if (!big) {
          big = { value: key, label: `${c.bigCode} ${bigNameOf(c, locale)}`, children: [] };
          bigs.set(key, big);
        }
        big.children?.push({ value: c.id, label: `${c.smallCode} ${smallNameOf(c, locale)}` });
      }
      return { value: kind, label: kindLabels[kind], children: [...bigs.values()] };
    })
    .filter((option) => (option.children?.length ?? 0) > 0);
}

/** The picker's path for a class id: [kind, kind:big, id], or [] when it is unknown. */
export function classPath(classes: readonly CaseClass[], classId: string | undefined): string[] {
  const c = classes.find((x) => x.id === classId);
  return c ? [c.kind, `${c.kind}:${c.bigCode}`, c.id] : [];
}

/** "事件 / 街面秩序 / 电瓶车乱停放" style names for filters and tags. */
export function classLabel(
  classes: readonly CaseClass[],
  classId: string,
  locale: Locale = 'zh-CN',
): string {
  const c = classes.find((x) => x.id === classId);
  return c ? `${bigNameOf(c, locale)} / ${smallNameOf(c, locale)}` : classId;
}

export interface BigClass {
  /** `event:05`: a big class code means something different for components and events. */
  key: string;
  kind: CaseClass['kind'];
  name: string;
}

/** The big classes that have a small class in use, events first, in code order. */
export function bigClassesOf(classes: readonly CaseClass[], locale: Locale = 'zh-CN'): BigClass[] {
  const seen = new Map<string, BigClass>();
  const sorted = [...classes].sort(
    (a, b) => (a.kind === b.kind ? 0 : a.kind === 'event' ? -1 : 1) || a.id.localeCompare(b.id),
  );
  for (const c of sorted) {
    if (!c.enabled) continue;
    const key = `${c.kind}:${c.bigCode}`;
    if (!seen.has(key)) seen.set(key, { key, kind: c.kind, name: bigNameOf(c, locale) });
  }
  return [...seen.values()];
}

/** The small classes in use under a big class (`event:05`), in code order. */
export function smallClassesOf(
  classes: readonly CaseClass[],
  bigKey: string | undefined,
): CaseClass[] {
  if (!bigKey) return [];
  return classes
    .filter((c) => c.enabled && `${c.kind}:${c.bigCode}` === bigKey)
    .sort((a, b) => a.id.localeCompare(b.id));
}
