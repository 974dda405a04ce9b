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

export type RelyingPartyChange = Omit<
  NonNullable<
    paths['/api/v1/sso/clients/{clientId}']['patch']['requestBody']
  >['content']['application/json'],
  'status'
>;

/** Name, redirect URIs, least acr: what may change after registration. */
export function updateRelyingParty(clientId: string, change: RelyingPartyChange) {
  return unwrap(
    api.PATCH('/api/v1/sso/clients/{clientId}', {
      params: { path: { clientId } },
      body: change,
    }),
  );
}

/** A new client secret, in the answer only; the old one stops working at once. */
export function rotateRelyingPartySecret(clientId: string) {
  return unwrap(
    api.POST('/api/v1/sso/clients/{clientId}/secret', { params: { path: { clientId } } }),
  );
}
