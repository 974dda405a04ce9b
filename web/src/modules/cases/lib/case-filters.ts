import type { CaseListQuery, CaseQueue, CaseSource, CaseStage } from '../api/cases-api';

/** The tabs of the cases page: the server's queues, plus every case in my scope. */
export const CASE_TABS = ['accept', 'dispatch', 'department', 'verify', 'close', 'all'] as const;
export type CaseTab = (typeof CASE_TABS)[number];

export const CASE_SOURCES: readonly CaseSource[] = [
  'grid_worker',
  'iot_alert',
  'hotline_12345',
  'citizen',
  'open311',
];

export const CASE_STAGES: readonly CaseStage[] = [
  'collected',
  'registered',
  'rejected',
  'dispatched',
  'handling',
  'reported_back',
  'verifying',
  'verified',
  'closed',
  'merged',
];

/** What a case list is filtered by; it lives in the URL so "back" and links restore it. */
export interface CaseFilters {
  classId?: string;
  source?: CaseSource;
  /** A district, street or grid: the list covers its subtree. */
  region?: string;
  overdue?: boolean;
  supervised?: boolean;
  /** Only on the "all" tab: the queues fix the stages themselves. */
  stage?: CaseStage;
  q?: string;
  page: number;
  pageSize: number;
}

export const CASE_PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_CASE_PAGE_SIZE = 20;

const text = (value: string | null): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

const positiveInt = (value: string | null, fallback: number): number => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
};

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.find((v) => v === value);

export function readCaseTab(params: URLSearchParams, fallback: CaseTab): CaseTab {
  return oneOf(CASE_TABS, params.get('tab')) ?? fallback;
}

export function readCaseFilters(params: URLSearchParams): CaseFilters {
  const pageSize = positiveInt(params.get('pageSize'), DEFAULT_CASE_PAGE_SIZE);
  const filters: CaseFilters = {
    page: positiveInt(params.get('page'), 1),
    pageSize: (CASE_PAGE_SIZES as readonly number[]).includes(pageSize)
      ? pageSize
      : DEFAULT_CASE_PAGE_SIZE,
  };
  const classId = text(params.get('class'));
  if (classId && /^[CE][0-9]{4}$/.test(classId)) filters.classId = classId;
  const source = oneOf(CASE_SOURCES, params.get('source'));
  if (source) filters.source = source;
  const region = text(params.get('region'));
  if (region) filters.region = region;
  if (params.get('overdue') === '1') filters.overdue = true;
  if (params.get('supervised') === '1') filters.supervised = true;
  const stage = oneOf(CASE_STAGES, params.get('stage'));
  if (stage) filters.stage = stage;
  const q = text(params.get('q'));
  if (q) filters.q = q.slice(0, 100);
  return filters;
}

/** The URL form; defaults are left out so plain links stay plain. */
export function writeCaseFilters(tab: CaseTab, filters: CaseFilters): URLSearchParams {
  const params = new URLSearchParams();
  params.set('tab', tab);
  if (filters.classId) params.set('class', filters.classId);
  if (filters.source) params.set('source', filters.source);
  if (filters.region) params.set('region', filters.region);
  if (filters.overdue) params.set('overdue', '1');
  if (filters.supervised) params.set('supervised', '1');
  if (filters.stage && tab === 'all') params.set('stage', filters.stage);
  if (filters.q) params.set('q', filters.q);
  if (filters.page > 1) params.set('page', String(filters.page));
  if (filters.pageSize !== DEFAULT_CASE_PAGE_SIZE) params.set('pageSize', String(filters.pageSize));
  return params;
}

type FilterChange = Partial<Omit<CaseFilters, 'page' | 'pageSize'>>;

/** Changing a filter starts again from the first page; clearing one removes it. */
export function withCaseFilter(filters: CaseFilters, change: FilterChange): CaseFilters {
  const next: CaseFilters = { ...filters, ...change, page: 1 };
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined || value === '' || value === false) {
      delete next[name as keyof FilterChange];
    }
  }
  return next;
}

/** The query `GET /api/v1/cases` gets for a tab and its filters. */
export function caseListQuery(tab: CaseTab, filters: CaseFilters): CaseListQuery {
  const query: CaseListQuery = {
    limit: filters.pageSize,
    offset: (filters.page - 1) * filters.pageSize,
  };
  if (tab !== 'all') query.queue = tab satisfies CaseQueue;
  if (filters.classId) query.classId = filters.classId;
  if (filters.source) query.source = filters.source;
  if (filters.region) query.regionId = filters.region;
  if (filters.overdue) query.overdue = true;
  if (filters.supervised) query.supervised = true;
  if (tab === 'all' && filters.stage) query.stage = [filters.stage];
  if (filters.q) query.q = filters.q;
  return query;
}

/** Which queues each role works in; the first role held decides where the page opens. */
const TABS_BY_ROLE: ReadonlyArray<readonly [role: string, tabs: readonly CaseTab[]]> = [
  ['acceptor', ['accept', 'close']],
  ['dispatcher', ['dispatch', 'close']],
  ['commander', ['dispatch', 'accept', 'close']],
  ['handler', ['department']],
  ['grid_worker', ['verify', 'department']],
];

/** The tabs a person works in, by their roles, main queue first; "all" always comes last. */
export function tabsForRoles(roles: readonly string[]): CaseTab[] {
  const tabs = TABS_BY_ROLE.filter(([role]) => roles.includes(role)).flatMap(([, t]) => t);
  return [...new Set<CaseTab>([...tabs, 'all'])];
}

export function isCaseStage(value: string): value is CaseStage {
  return (CASE_STAGES as readonly string[]).includes(value);
}

export function isCaseSource(value: string): value is CaseSource {
  return (CASE_SOURCES as readonly string[]).includes(value);
}
