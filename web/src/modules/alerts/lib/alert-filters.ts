import type { Alert, AlertQuery, AlertStatus, Severity } from '../api/alerts-api';

export const ALERT_STATUSES: readonly AlertStatus[] = [
  'active',
  'acknowledged',
  'cleared',
  'closed',
];
export const SEVERITIES: readonly Severity[] = ['critical', 'major', 'minor', 'warning', 'info'];

export type AlertsTab = 'alerts' | 'incidents';

/** The alerts page's state, kept in the URL. */
export interface AlertFilters {
  tab: AlertsTab;
  /** Empty means every status. */
  status: AlertStatus[];
  severity?: Severity;
  region?: string;
  product?: string;
  /** The department owning the alerts' devices (the server filters). */
  department?: string;
  page: number;
  pageSize: number;
  /** The alert shown in the drawer. */
  alert?: string;
  /** The incident opened on the incidents tab. */
  incident?: string;
  /** Incidents tab: open, closed, or both when absent. */
  incidentStatus?: 'open' | 'closed';
}

export const ALERT_PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_ALERT_PAGE_SIZE = 20;
/** What a person on duty wants first: what still needs handling. */
export const DEFAULT_STATUSES: readonly AlertStatus[] = ['active', 'acknowledged'];

const isStatus = (value: string): value is AlertStatus =>
  (ALERT_STATUSES as readonly string[]).includes(value);
const isSeverity = (value: string | null): value is Severity =>
  value !== null && (SEVERITIES as readonly string[]).includes(value);
const positiveInt = (value: string | null, fallback: number): number => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
};
const text = (value: string | null) => value?.trim() || undefined;

export function readAlertFilters(params: URLSearchParams): AlertFilters {
  // `status=` (present but empty) means "all"; no parameter at all means the default.
  const rawStatus = params.get('status');
  const status =
    rawStatus === null
      ? [...DEFAULT_STATUSES]
      : [...new Set(rawStatus.split(',').filter(isStatus))];
  const pageSize = positiveInt(params.get('pageSize'), DEFAULT_ALERT_PAGE_SIZE);
  const filters: AlertFilters = {
    tab: params.get('tab') === 'incidents' ? 'incidents' : 'alerts',
    status,
    page: positiveInt(params.get('page'), 1),
    pageSize: (ALERT_PAGE_SIZES as readonly number[]).includes(pageSize)
      ? pageSize
      : DEFAULT_ALERT_PAGE_SIZE,
  };
  const severity = params.get('severity');
  if (isSeverity(severity)) filters.severity = severity;
  const region = text(params.get('region'));
  if (region) filters.region = region;
  const product = text(params.get('product'));
  if (product) filters.product = product;
  const department = text(params.get('department'));
  if (department) filters.department = department;
  const alert = text(params.get('alert'));
  if (alert) filters.alert = alert;
  const incident = text(params.get('incident'));
  if (incident) filters.incident = incident;
  const incidentStatus = params.get('incidentStatus');
  if (incidentStatus === 'open' || incidentStatus === 'closed') {
    filters.incidentStatus = incidentStatus;
  }
  return filters;
}

const sameStatuses = (a: readonly AlertStatus[], b: readonly AlertStatus[]) =>
  a.length === b.length && a.every((s) => b.includes(s));

export function writeAlertFilters(filters: AlertFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.tab !== 'alerts') params.set('tab', filters.tab);
  if (!sameStatuses(filters.status, DEFAULT_STATUSES))
    params.set('status', filters.status.join(','));
  if (filters.severity) params.set('severity', filters.severity);
  if (filters.region) params.set('region', filters.region);
  if (filters.product) params.set('product', filters.product);
  if (filters.department) params.set('department', filters.department);
  if (filters.page > 1) params.set('page', String(filters.page));
  if (filters.pageSize !== DEFAULT_ALERT_PAGE_SIZE)
    params.set('pageSize', String(filters.pageSize));
  if (filters.alert) params.set('alert', filters.alert);
  if (filters.incident) params.set('incident', filters.incident);
  if (filters.incidentStatus) params.set('incidentStatus', filters.incidentStatus);
  return params;
}

/** A changed filter starts from page one. */
export function withAlertFilter(
  filters: AlertFilters,
  change: Partial<Pick<AlertFilters, 'status' | 'severity' | 'region' | 'product' | 'department'>>,
): AlertFilters {
  const next: AlertFilters = { ...filters, ...change, page: 1 };
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) delete next[name as 'severity' | 'region' | 'product' | 'department'];
  }
  return next;
}

export function serverAlertQuery(filters: AlertFilters, offset: number, limit: number): AlertQuery {
  const query: AlertQuery = { limit, offset };
  if (filters.status.length > 0 && filters.status.length < ALERT_STATUSES.length) {
    query.status = [...filters.status];
  }
  if (filters.severity) query.severity = filters.severity;
  if (filters.department) query.departmentId = filters.department;
  return query;
}

/** The owning department's name in the UI's language; empty when the device has none. */
export function alertDepartmentName(
  alert: Pick<Alert, 'departmentId' | 'departmentName' | 'departmentNameEn'>,
  locale: 'zh-CN' | 'en-US',
): string {
  if (!alert.departmentId) return '';
  const name = locale === 'en-US' ? alert.departmentNameEn : alert.departmentName;
  return name ?? alert.departmentId;
}

/** `GET /alerts` has no region or product parameter (yet): those are applied here. */
export function needsClientAlertFilter(filters: AlertFilters): boolean {
  return filters.region !== undefined || filters.product !== undefined;
}

/** An alert belongs to a region's subtree when its grid, street or district is that region. */
export function alertMatches(
  alert: Pick<Alert, 'productId' | 'gridId' | 'streetId' | 'districtId'>,
  filters: Pick<AlertFilters, 'region' | 'product'>,
): boolean {
  if (filters.product && alert.productId !== filters.product) return false;
  if (filters.region) {
    const { region } = filters;
    if (alert.gridId !== region && alert.streetId !== region && alert.districtId !== region) {
      return false;
    }
  }
  return true;
}
