import type { Actor } from '../../platform/auth/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import { badRequest, forbidden, notFound } from '../../platform/errors/app-error.ts';
import type { Policy } from '../identity/index.ts';
import type { RegionsService } from '../regions/index.ts';
import {
  GRID_KEY,
  UNASSIGNED_KEY,
  type CaseEvaluationRepository,
  type EvaluationCounts,
  type EvaluationKey,
  type EvaluationWindow,
} from './case-evaluation.repository.ts';
import type { DepartmentDirectory } from './department-directory.ts';

export const evaluationGroupings = ['department', 'region', 'period'] as const;
export type EvaluationGrouping = (typeof evaluationGroupings)[number];
export const evaluationIntervals = ['day', 'week', 'month'] as const;
export type EvaluationInterval = (typeof evaluationIntervals)[number];

export interface EvaluationQuery {
  groupBy: EvaluationGrouping;
  /** A region the actor may evaluate; default: the actor's own scope. */
  regionId?: string;
  /** `YYYY-MM-DD` (that day in Shanghai) or an ISO date-time with its offset. */
  from?: string;
  /** `YYYY-MM-DD` (through the end of that day in Shanghai) or an ISO date-time (exclusive). */
  to?: string;
  interval?: EvaluationInterval;
}

/** One line of the evaluation: the counts and the GB/T 30428 ratios built from them. */
export interface EvaluationRow {
  key: string;
  name: string;
  /** 受理数: cases received. */
  received: number;
  /** 立案数: of them, registered. */
  registered: number;
  /** 立案率 = registered / received. */
  registrationRate: number | null;
  /** 结案数: registered and closed now. */
  closed: number;
  /** 结案率 = closed / registered. */
  closureRate: number | null;
  /** 按期结案数: closed and no deadline (dispatch, handle, verify) ever passed. */
  closedOnTime: number;
  /** 按期结案率 = closedOnTime / closed. */
  onTimeClosureRate: number | null;
  /** 处置数: dispatched at least once (to a department or kept in the grid). */
  handled: number;
  /** 返工数: handled cases returned, failed verification or re-opened after closing. */
  rework: number;
  /** 返工率 = rework / handled. */
  reworkRate: number | null;
  /** 一次完成数: closed without any return, failed verification or re-opening. */
  firstTimeClosed: number;
  /** 一次完成率 = firstTimeClosed / closed. */
  firstTimeRate: number | null;
  /** Mean calendar hours from the last dispatch to the last report back (派遣 → 反馈). */
  avgHandleHours: number | null;
  /** Mean calendar hours from the last report back to closing (反馈 → 结案). */
  avgCloseHours: number | null;
}

export interface Evaluation {
  groupBy: EvaluationGrouping;
  interval: EvaluationInterval | null;
  region: { id: string; name: string; level: string };
  from: Date;
  to: Date;
  timeZone: string;
  hours: 'calendar';
  rows: EvaluationRow[];
  total: EvaluationRow;
}

export interface EvaluationDeps {
  db: Database;
  repository: CaseEvaluationRepository;
  policy: Policy;
  regions: RegionsService;
  departments: DepartmentDirectory;
}

export const EVALUATION_TIME_ZONE = 'Asia/Shanghai';
/** Shanghai keeps UTC+8 all year (no daylight saving since 1991). */
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const MAX_BUCKETS = 1000;
const DEFAULT_DAYS = 30;

/**
 * 考核评价 (GB/T 30428 practice): the closed loop's figures per department, region or period
 * for the cases received in a window, within the actor's region scope.
 */
export class CaseEvaluationService {
  constructor(private readonly deps: EvaluationDeps) {}

  async evaluate(actor: Actor, query: EvaluationQuery, now = new Date()): Promise<Evaluation> {
    const { deps } = this;
    const regionId = this.regionFor(actor, query.regionId);
    const region = deps.regions.get(regionId);
    const { from, to } = windowOf(query, now);
    const interval = query.groupBy === 'period' ? (query.interval ?? 'day') : null;
    const buckets = interval ? bucketsBetween(from, to, interval) : [];
    if (buckets.length > MAX_BUCKETS) {
      throw badRequest(
        'too_many_buckets',
        `${buckets.length} ${interval} buckets between ${from.toISOString()} and ${to.toISOString()}; at most ${MAX_BUCKETS}: choose a longer interval or a shorter period`,
      );
    }
    const window: EvaluationWindow = { from, to, region: filterOf(region.level, regionId) };
    const childColumn = childColumnOf(region.level);
    const key: EvaluationKey =
      query.groupBy === 'department'
        ? { kind: 'department' }
        : query.groupBy === 'region'
          ? { kind: 'region', column: childColumn }
          : { kind: 'period', interval: interval ?? 'day', timeZone: EVALUATION_TIME_ZONE };
    if (query.groupBy === 'department') await deps.departments.refresh();
    const counts = await deps.repository.figures(deps.db, key, window);
    const byKey = new Map(counts.filter((c) => c.key !== null).map((c) => [c.key as string, c]));
    const total = counts.find((c) => c.key === null) ?? emptyCounts(null);
    let keys: Array<{ key: string; name: string }>;
    switch (query.groupBy) {
      case 'department':
        keys = [...byKey.values()]
          .sort((a, b) => departmentOrder(a, b))
          .map((c) => ({ key: c.key as string, name: this.departmentName(c.key as string) }));
        break;
      case 'region': {
        const children =
          region.level === 'grid'
            ? [{ id: regionId, name: region.name }]
            : deps.regions.children(regionId);
        const known = new Set(children.map((c) => c.id));
        keys = [
          ...children.map((c) => ({ key: c.id, name: c.name })),
          // Cases filed under a region that has since left the tree still count.
          ...[...byKey.keys()]
            .filter((k) => !known.has(k))
            .sort()
            .map((k) => ({ key: k, name: deps.regions.nameOf(k) ?? k })),
        ];
        break;
      }
      case 'period':
        keys = buckets.map((b) => ({ key: b, name: bucketName(b, interval ?? 'day') }));
        break;
    }
    return {
      groupBy: query.groupBy,
      interval,
      region: { id: regionId, name: region.name, level: region.level },
      from,
      to,
      timeZone: EVALUATION_TIME_ZONE,
      hours: 'calendar',
      rows: keys.map(({ key: k, name }) => rowOf(k, name, byKey.get(k) ?? emptyCounts(k))),
      total: rowOf('total', '合计', total),
    };
  }

  /** The region asked for, if the actor may evaluate it; else the actor's own scope. */
  private regionFor(actor: Actor, requested: string | undefined): string {
    const { policy, regions } = this.deps;
    const scopes = policy.scopesFor(actor, 'cases.evaluate');
    if (scopes.length === 0) policy.authorize(actor, 'cases.evaluate');
    if (requested) {
      if (!regions.exists(requested)) throw notFound('region', requested);
      if (!policy.can(actor, 'cases.evaluate', { regionId: requested })) {
        throw forbidden(`${actor.username} may not evaluate cases in region ${requested}`);
      }
      return requested;
    }
    if (scopes.includes(regions.rootId)) return regions.rootId;
    const distinct = [...new Set(scopes)];
    if (distinct.length === 1) return distinct[0] as string;
    throw badRequest(
      'region_required',
      `You may evaluate several regions (${distinct.join(', ')}); name one as regionId`,
      { regionIds: distinct },
    );
  }

  private departmentName(key: string): string {
    if (key === GRID_KEY) return '网格自处置';
    if (key === UNASSIGNED_KEY) return '未派遣';
    return this.deps.departments.get(key)?.name ?? key;
  }
}

/** Parses the window: `from` inclusive, `to` exclusive; dates are whole days in Shanghai. */
export function windowOf(query: Pick<EvaluationQuery, 'from' | 'to'>, now: Date) {
  const to = query.to ? parseInstant(query.to, 'to') : now;
  const from = query.from
    ? parseInstant(query.from, 'from')
    : new Date(localMidnight(now.getTime()) - (DEFAULT_DAYS - 1) * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw badRequest(
      'invalid_range',
      `from (${from.toISOString()}) must be before to (${to.toISOString()})`,
      { from: from.toISOString(), to: to.toISOString() },
    );
  }
  return { from, to };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(text: string, which: 'from' | 'to'): Date {
  const day = DATE.exec(text);
  if (day) {
    const [, y, m, d] = day.map(Number) as [number, number, number, number];
    const midnight = Date.UTC(y, m - 1, d) - OFFSET_MS;
    const check = new Date(midnight + OFFSET_MS);
    if (check.getUTCMonth() === m - 1 && check.getUTCDate() === d) {
      // A `to` date includes that whole day.
      return new Date(which === 'to' ? midnight + DAY_MS : midnight);
    }
  } else if (DATE_TIME.test(text) && !Number.isNaN(Date.parse(text))) {
    return new Date(text);
  }
  throw badRequest(
    'invalid_date',
    `${which} must be a date (YYYY-MM-DD, a day in Shanghai) or an ISO date-time with an offset; got ${JSON.stringify(text)}`,
    { [which]: text },
  );
}

/** The instant Shanghai's day containing `t` began. */
function localMidnight(t: number): number {
  return Math.floor((t + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
}

/** The Shanghai-local start of the bucket holding `t`, as 'YYYY-MM-DD'. */
function bucketOf(t: number, interval: EvaluationInterval): string {
  const local = new Date(t + OFFSET_MS);
  if (interval === 'month') local.setUTCDate(1);
  if (interval === 'week') local.setUTCDate(local.getUTCDate() - ((local.getUTCDay() + 6) % 7));
  return local.toISOString().slice(0, 10);
}

/** Every bucket from the one holding `from` to the one holding the window's last instant. */
export function bucketsBetween(from: Date, to: Date, interval: EvaluationInterval): string[] {
  const last = bucketOf(to.getTime() - 1, interval);
  const out: string[] = [];
  let cursor = new Date(`${bucketOf(from.getTime(), interval)}T00:00:00Z`);
  for (;;) {
    const key = cursor.toISOString().slice(0, 10);
    if (key > last || out.length > MAX_BUCKETS) break;
    out.push(key);
    if (interval === 'month') cursor.setUTCMonth(cursor.getUTCMonth() + 1);
    else cursor = new Date(cursor.getTime() + (interval === 'week' ? 7 : 1) * DAY_MS);
  }
  return out;
}

function bucketName(key: string, interval: EvaluationInterval): string {
  if (interval === 'month') return key.slice(0, 7);
  if (interval === 'day') return key;
  const sunday = new Date(Date.parse(`${key}T00:00:00Z`) + 6 * DAY_MS);
  return `${key}～${sunday.toISOString().slice(0, 10)}`;
}

function filterOf(level: string, regionId: string): EvaluationWindow['region'] {
  switch (level) {
    case 'district':
      return { column: 'district_id', id: regionId };
    case 'street':
      return { column: 'street_id', id: regionId };
    case 'grid':
      return { column: 'grid_id', id: regionId };
    default:
      return null;
  }
}

function childColumnOf(level: string): 'district_id' | 'street_id' | 'grid_id' {
  if (level === 'district') return 'street_id';
  if (level === 'street' || level === 'grid') return 'grid_id';
  return 'district_id';
}

/** Departments with the most cases first; the grid's own and the unassigned last. */
function departmentOrder(a: EvaluationCounts, b: EvaluationCounts): number {
  const rank = (c: EvaluationCounts) => (c.key === UNASSIGNED_KEY ? 2 : c.key === GRID_KEY ? 1 : 0);
  return rank(a) - rank(b) || b.received - a.received || String(a.key).localeCompare(String(b.key));
}

function emptyCounts(key: string | null): EvaluationCounts {
  return {
    key,
    received: 0,
    registered: 0,
    closed: 0,
    closedOnTime: 0,
    handled: 0,
    rework: 0,
    firstTimeClosed: 0,
    avgHandleHours: null,
    handleSamples: 0,
    avgCloseHours: null,
    closeSamples: 0,
  };
}

/** A ratio to four decimals (0.6667); null when nothing was there to count. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

const hours = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

function rowOf(key: string, name: string, c: EvaluationCounts): EvaluationRow {
  return {
    key,
    name,
    received: c.received,
    registered: c.registered,
    registrationRate: ratio(c.registered, c.received),
    closed: c.closed,
    closureRate: ratio(c.closed, c.registered),
    closedOnTime: c.closedOnTime,
    onTimeClosureRate: ratio(c.closedOnTime, c.closed),
    handled: c.handled,
    rework: c.rework,
    reworkRate: ratio(c.rework, c.handled),
    firstTimeClosed: c.firstTimeClosed,
    firstTimeRate: ratio(c.firstTimeClosed, c.closed),
    avgHandleHours: hours(c.avgHandleHours),
    avgCloseHours: hours(c.avgCloseHours),
  };
}
