import { api } from '../../../shared/api/api';
import { unwrap } from '../../../shared/api/client';
import { isApiError } from '../../../shared/api/problem';
import type { components, paths } from '../../../shared/api/schema';

type Query<Path extends keyof paths> = paths[Path] extends {
  get: { parameters: { query?: infer Q } };
}
  ? NonNullable<Q>
  : never;

export type AlertQuery = Query<'/api/v1/alerts'>;
export type IncidentQuery = Query<'/api/v1/incidents'>;
export type Condition = components['schemas']['Condition'];
export type RuleBody = NonNullable<
  paths['/api/v1/alert-rules']['post']['requestBody']
>['content']['application/json'];

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

/** The server's page size limit. */
export const MAX_ALERT_PAGE = 500;

export function listAlerts(query: AlertQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/alerts', { params: { query }, ...withSignal(signal) }));
}

export function getAlert(id: string, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/alerts/{id}', { params: { path: { id } }, ...withSignal(signal) }),
  );
}

export type AlertAction = 'acknowledge' | 'clear' | 'close';

/** Moves an alert on; `version` is the one read, so a concurrent change answers 409. */
export function moveAlert(id: string, action: AlertAction, version: number, note?: string) {
  const init = { params: { path: { id } }, body: { version, ...(note ? { note } : {}) } };
  switch (action) {
    case 'acknowledge':
      return unwrap(api.POST('/api/v1/alerts/{id}/acknowledge', init));
    case 'clear':
      return unwrap(api.POST('/api/v1/alerts/{id}/clear', init));
    case 'close':
      return unwrap(api.POST('/api/v1/alerts/{id}/close', init));
  }
}

export function listIncidents(query: IncidentQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/incidents', { params: { query }, ...withSignal(signal) }));
}

export function getIncident(id: string, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/incidents/{id}', { params: { path: { id } }, ...withSignal(signal) }),
  );
}

export function listRules(signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/alert-rules', withSignal(signal)));
}

export function createRule(body: RuleBody) {
  return unwrap(api.POST('/api/v1/alert-rules', { body }));
}

export function updateRule(id: string, version: number, body: RuleBody) {
  return unwrap(
    api.PUT('/api/v1/alert-rules/{id}', { params: { path: { id } }, body: { ...body, version } }),
  );
}

export async function deleteRule(id: string): Promise<void> {
  try {
    await unwrap(api.DELETE('/api/v1/alert-rules/{id}', { params: { path: { id } } }));
  } catch (error) {
    // 204 has no body, which unwrap reports as an empty response: here that is success.
    if (isApiError(error) && error.code === 'empty_response' && error.status === 204) return;
    throw error;
  }
}

/** Who did it: the account's display name, when the caller may read that account. */
export function getAccount(id: string, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/accounts/{id}', { params: { path: { id } }, ...withSignal(signal) }),
  );
}

export type AlertPage = Awaited<ReturnType<typeof listAlerts>>;
export type Alert = AlertPage['items'][number];
export type AlertStatus = Alert['status'];
export type Severity = Alert['severity'];
export type IncidentPage = Awaited<ReturnType<typeof listIncidents>>;
export type Incident = IncidentPage['items'][number];
export type IncidentDetail = Awaited<ReturnType<typeof getIncident>>;
export type Rule = Awaited<ReturnType<typeof listRules>>['items'][number];
