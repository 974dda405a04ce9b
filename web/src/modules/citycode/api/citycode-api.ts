import { api } from '../../../shared/api/api';
import { unwrap } from '../../../shared/api/client';
import type { paths } from '../../../shared/api/schema';

export type IssuedCode =
  paths['/api/v1/citycode/codes']['post']['responses']['201']['content']['application/json'];
export type MyScansPage =
  paths['/api/v1/citycode/scans/mine']['get']['responses']['200']['content']['application/json'];
export type MyScan = MyScansPage['items'][number];

/** A fresh city code for the logged-in citizen (online and offline forms). */
export function issueCode() {
  return unwrap(api.POST('/api/v1/citycode/codes'));
}

export function listMyScans(query: { limit: number; offset: number }, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/citycode/scans/mine', { params: { query }, ...(signal ? { signal } : {}) }),
  );
}
