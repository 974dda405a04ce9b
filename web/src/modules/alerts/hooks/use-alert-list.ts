import { useCallback, useMemo } from 'react';
import { useAsync } from '../../../shared/hooks/use-async';
import { pageSlice, scanPages } from '../../iot/lib/scan-pages';
import { listAlerts, listIncidents, MAX_ALERT_PAGE, type Alert } from '../api/alerts-api';
import {
  alertMatches,
  needsClientAlertFilter,
  serverAlertQuery,
  type AlertFilters,
} from '../lib/alert-filters';

/** Upper bound of alerts read to apply the region and product filters in the browser. */
export const MAX_ALERT_SCAN = 5_000;

export type AlertListResult =
  | { kind: 'page'; items: Alert[]; total: number }
  | { kind: 'scan'; matches: Alert[]; scanned: number; total: number; truncated: boolean };

export function useAlertList(filters: AlertFilters) {
  const scanning = needsClientAlertFilter(filters);
  // Only what the request depends on: the drawer and the tab do not refetch the list, and
  // paging through scanned matches asks the server nothing.
  const key = JSON.stringify({
    tab: 'alerts',
    status: filters.status,
    severity: filters.severity,
    region: filters.region,
    product: filters.product,
    department: filters.department,
    page: scanning ? 1 : filters.page,
    pageSize: scanning ? 1 : filters.pageSize,
  });
  const stable = useMemo(() => JSON.parse(key) as AlertFilters, [key]);
  const load = useCallback(
    async (signal: AbortSignal): Promise<AlertListResult> => {
      if (!needsClientAlertFilter(stable)) {
        const offset = (stable.page - 1) * stable.pageSize;
        const page = await listAlerts(serverAlertQuery(stable, offset, stable.pageSize), signal);
        return { kind: 'page', items: page.items, total: page.total };
      }
      const scan = await scanPages(
        (offset, limit) => listAlerts(serverAlertQuery(stable, offset, limit), signal),
        (alert) => alertMatches(alert, stable),
        { pageSize: MAX_ALERT_PAGE, maxScanned: MAX_ALERT_SCAN },
      );
      return { kind: 'scan', ...scan };
    },
    [stable],
  );
  const result = useAsync(load);
  const rows =
    result.status !== 'success'
      ? []
      : result.data.kind === 'page'
        ? result.data.items
        : pageSlice(result.data.matches, filters.page, filters.pageSize);
  const total =
    result.status !== 'success'
      ? 0
      : result.data.kind === 'page'
        ? result.data.total
        : result.data.matches.length;
  return { result, rows, total };
}

export function useIncidentList(filters: AlertFilters) {
  const { incidentStatus, page, pageSize } = filters;
  const load = useCallback(
    (signal: AbortSignal) =>
      listIncidents(
        {
          limit: pageSize,
          offset: (page - 1) * pageSize,
          ...(incidentStatus ? { status: incidentStatus } : {}),
        },
        signal,
      ),
    [incidentStatus, page, pageSize],
  );
  return useAsync(load);
}
