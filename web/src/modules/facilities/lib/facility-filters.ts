import type { FacilityQuery, HealthLevel } from '../api/facilities-api';

export const HEALTH_LEVELS: readonly HealthLevel[] = ['good', 'attention', 'poor', 'unknown'];
export const FACILITY_PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_FACILITY_PAGE_SIZE = 20;

/** The facilities list's state, kept in the URL. */
export interface FacilityFilters {
  kind?: string;
  region?: string;
  level?: HealthLevel;
  q?: string;
  page: number;
  pageSize: number;
}

const text = (value: string | null) => value?.trim() || undefined;
const isLevel = (value: string | null): value is HealthLevel =>
  value !== null && (HEALTH_LEVELS as readonly string[]).includes(value);

export function readFacilityFilters(params: URLSearchParams): FacilityFilters {
  const page = Number(params.get('page'));
  const pageSize = Number(params.get('pageSize'));
  const filters: FacilityFilters = {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: (FACILITY_PAGE_SIZES as readonly number[]).includes(pageSize)
      ? pageSize
      : DEFAULT_FACILITY_PAGE_SIZE,
  };
  const kind = text(params.get('kind'));
  const region = text(params.get('region'));
  const level = params.get('level');
  const q = text(params.get('q'));
  if (kind) filters.kind = kind;
  if (region) filters.region = region;
  if (isLevel(level)) filters.level = level;
  if (q) filters.q = q;
  return filters;
}

export function writeFacilityFilters(filters: FacilityFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of ['kind', 'region', 'level', 'q'] as const) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  if (filters.page > 1) params.set('page', String(filters.page));
  if (filters.pageSize !== DEFAULT_FACILITY_PAGE_SIZE) {
    params.set('pageSize', String(filters.pageSize));
  }
  return params;
}

export function withFacilityFilter(
  filters: FacilityFilters,
  change: Partial<Pick<FacilityFilters, 'kind' | 'region' | 'level' | 'q'>>,
): FacilityFilters {
  const next: FacilityFilters = { ...filters, ...change, page: 1 };
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined || value === '') delete next[name as keyof typeof change];
  }
  return next;
}

export function facilityQuery(filters: FacilityFilters): FacilityQuery {
  const query: FacilityQuery = {
    limit: filters.pageSize,
    offset: (filters.page - 1) * filters.pageSize,
  };
  if (filters.kind) query.kind = filters.kind;
  if (filters.region) query.region = filters.region;
  if (filters.level) query.level = filters.level;
  if (filters.q) query.q = filters.q;
  return query;
}
