import type { Device, DeviceMapFeature, DeviceQuery } from '../api/iot-api';

export type DeviceStatusFilter = 'online' | 'offline';
export type DeviceView = 'table' | 'map';

/** What the devices page is filtered by; it lives in the URL so that "back" restores it. */
export interface DeviceFilters {
  product?: string;
  /** A district, street or grid id: the device list covers its whole subtree. */
  region?: string;
  status?: DeviceStatusFilter;
  department?: string;
  tag?: string;
  q?: string;
  page: number;
  pageSize: number;
  view: DeviceView;
}

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

const text = (value: string | null): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

const positiveInt = (value: string | null, fallback: number): number => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
};

export function readDeviceFilters(params: URLSearchParams): DeviceFilters {
  const status = params.get('status');
  const pageSize = positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE);
  const filters: DeviceFilters = {
    page: positiveInt(params.get('page'), 1),
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
    view: params.get('view') === 'map' ? 'map' : 'table',
  };
  const product = text(params.get('product'));
  const region = text(params.get('region'));
  const department = text(params.get('department'));
  const tag = text(params.get('tag'));
  const q = text(params.get('q'));
  if (product) filters.product = product;
  if (region) filters.region = region;
  if (status === 'online' || status === 'offline') filters.status = status;
  if (department) filters.department = department;
  if (tag) filters.tag = tag;
  if (q) filters.q = q;
  return filters;
}

/** The URL form of the filters; defaults are left out so plain links stay plain. */
export function writeDeviceFilters(filters: DeviceFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of ['product', 'region', 'status', 'department', 'tag', 'q'] as const) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  if (filters.page > 1) params.set('page', String(filters.page));
  if (filters.pageSize !== DEFAULT_PAGE_SIZE) params.set('pageSize', String(filters.pageSize));
  if (filters.view === 'map') params.set('view', 'map');
  return params;
}

/** Changing a filter starts again from the first page; paging keeps the filters. */
export function withFilter(
  filters: DeviceFilters,
  change: Partial<Omit<DeviceFilters, 'page' | 'pageSize' | 'view'>>,
): DeviceFilters {
  const next: DeviceFilters = { ...filters, ...change, page: 1 };
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined || value === '') delete next[name as keyof typeof change];
  }
  return next;
}

/** The part of the filters the device list endpoint understands. */
export function serverDeviceQuery(
  filters: DeviceFilters,
  offset: number,
  limit: number,
): DeviceQuery {
  const query: DeviceQuery = { limit, offset };
  if (filters.product) query.product = filters.product;
  if (filters.region) query.region = filters.region;
  if (filters.tag) query.tag = filters.tag;
  if (filters.q) query.q = filters.q;
  return query;
}

/**
 * Online status and department are not (yet) parameters of `GET /iot/devices`: with either
 * set, the page scans the server's matches and filters them itself.
 */
export function needsClientFilter(filters: DeviceFilters): boolean {
  return filters.status !== undefined || filters.department !== undefined;
}

export function matchesClientFilters(
  device: Pick<Device, 'online' | 'departmentId'>,
  filters: DeviceFilters,
): boolean {
  if (filters.status === 'online' && !device.online) return false;
  if (filters.status === 'offline' && device.online) return false;
  if (filters.department && device.departmentId !== filters.department) return false;
  return true;
}

/** Map points carry no department or tag: only product, region (server) and status apply. */
export function mapFeatureMatches(feature: DeviceMapFeature, filters: DeviceFilters): boolean {
  if (filters.status === 'online') return feature.properties.online;
  if (filters.status === 'offline') return !feature.properties.online;
  return true;
}

/** Filters the map cannot apply, so the page can say so instead of silently ignoring them. */
export function filtersIgnoredOnMap(filters: DeviceFilters): Array<'department' | 'tag' | 'q'> {
  return (['department', 'tag', 'q'] as const).filter((name) => filters[name] !== undefined);
}

/**
 * The page to show for `total` matches: a link or a narrowed filter may ask for page 97 of
 * 5, which would show an empty table under a pager that counts thousands.
 */
export function pageWithin(page: number, pageSize: number, total: number): number {
  const last = Math.max(1, Math.ceil(total / pageSize));
  return Math.min(Math.max(1, page), last);
}
