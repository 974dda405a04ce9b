import { api } from '../../../shared/api/api';
import { unwrap } from '../../../shared/api/client';
import type { paths } from '../../../shared/api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type RelyingParty = Json<paths['/api/v1/sso/clients']['get']['responses'][200]>[number];
export type RelyingPartyBody = NonNullable<
  paths['/api/v1/sso/clients']['post']['requestBody']
>['content']['application/json'];

export function listRelyingParties(signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/sso/clients', signal ? { signal } : {}));
}

/** The answer carries the client secret: the only time anybody sees it. */
export function registerRelyingParty(body: RelyingPartyBody) {
  return unwrap(api.POST('/api/v1/sso/clients', { body }));
}

export function setRelyingPartyStatus(clientId: string, status: 'active' | 'disabled') {
  return unwrap(
    api.PATCH('/api/v1/sso/clients/{clientId}', {
      params: { path: { clientId } },
      body: { status },
    }),
  );
}
