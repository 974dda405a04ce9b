import { api } from '../../../shared/api/api';
import { unwrap } from '../../../shared/api/client';
import type {
  ScreenAlerts,
  ScreenCrowd,
  ScreenDeviceColumns,
  ScreenOverview,
} from '../lib/screen-types';

export const SCREEN_API = '/api/v1/screen';

/** Only the stream is read by hand (fetch + ReadableStream); it needs its URL. */
export function screenUrl(resource: 'stream', regionId: string | null): string {
  const query = regionId ? `?regionId=${encodeURIComponent(regionId)}` : '';
  return `${SCREEN_API}/${resource}${query}`;
}

function request(regionId: string | null, signal?: AbortSignal) {
  return {
    params: { query: regionId ? { regionId } : {} },
    ...(signal ? { signal } : {}),
  };
}

// The return types are the lib's plain types; assigning the generated ones to them checks at
// compile time that the contract and the server's schemas still agree.

export function getScreenOverview(
  regionId: string | null,
  signal?: AbortSignal,
): Promise<ScreenOverview> {
  return unwrap(api.GET('/api/v1/screen/overview', request(regionId, signal)));
}

export function getScreenDevices(
  regionId: string | null,
  signal?: AbortSignal,
): Promise<ScreenDeviceColumns> {
  // The map reads positions and states only: without ids the payload is about a third.
  const base = request(regionId, signal);
  return unwrap(
    api.GET('/api/v1/screen/devices', {
      ...base,
      params: { query: { ...base.params.query, ids: false } },
    }),
  );
}

export function getScreenAlerts(
  regionId: string | null,
  signal?: AbortSignal,
): Promise<ScreenAlerts> {
  return unwrap(api.GET('/api/v1/screen/alerts', request(regionId, signal)));
}

export function getScreenCrowd(
  regionId: string | null,
  signal?: AbortSignal,
): Promise<ScreenCrowd> {
  return unwrap(api.GET('/api/v1/screen/crowd', request(regionId, signal)));
}
