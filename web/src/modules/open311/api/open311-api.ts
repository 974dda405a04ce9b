import { api } from '../../../shared/api/api';
import { unwrap } from '../../../shared/api/client';
import type { paths } from '../../../shared/api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Open311Key = Json<
  paths['/api/v1/open311/keys']['get']['responses'][200]
>['items'][number];
export type Open311KeyBody = NonNullable<
  paths['/api/v1/open311/keys']['post']['requestBody']
>['content']['application/json'];

export function listOpen311Keys(signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/open311/keys', signal ? { signal } : {})).then((r) => r.items);
}

/** The answer carries the API key: the only time anybody sees it. */
export function issueOpen311Key(body: Open311KeyBody) {
  return unwrap(api.POST('/api/v1/open311/keys', { body }));
}

export function revokeOpen311Key(id: string) {
  return unwrap(api.POST('/api/v1/open311/keys/{id}/revoke', { params: { path: { id } } }));
}
