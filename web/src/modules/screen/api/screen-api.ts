import { tokenStore } from '../../../shared/api/api';
import { ApiError, apiErrorFrom } from '../../../shared/api/problem';
import type {
  ScreenAlerts,
  ScreenCrowd,
  ScreenDeviceColumns,
  ScreenOverview,
} from '../lib/screen-types';

export const SCREEN_API = '/api/v1/screen';

export function screenUrl(
  resource: 'overview' | 'devices' | 'alerts' | 'crowd' | 'stream',
  regionId: string | null,
): string {
  const query = regionId ? `?regionId=${encodeURIComponent(regionId)}` : '';
  return `${SCREEN_API}/${resource}${query}`;
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const token = tokenStore.get();
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        Accept: 'application/json, application/problem+json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      ...(signal ? { signal } : {}),
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    const error = new ApiError({ status: 0, code: 'network_error' }, 'Network error');
    error.cause = cause;
    throw error;
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw apiErrorFrom(response, body);
  return body as T;
}

export function getScreenOverview(regionId: string | null, signal?: AbortSignal) {
  return getJson<ScreenOverview>(screenUrl('overview', regionId), signal);
}

export function getScreenDevices(regionId: string | null, signal?: AbortSignal) {
  return getJson<ScreenDeviceColumns>(screenUrl('devices', regionId), signal);
}

export function getScreenAlerts(regionId: string | null, signal?: AbortSignal) {
  return getJson<ScreenAlerts>(screenUrl('alerts', regionId), signal);
}

export function getScreenCrowd(regionId: string | null, signal?: AbortSignal) {
  return getJson<ScreenCrowd>(screenUrl('crowd', regionId), signal);
}
