/** The single sign-on module's only door: OneCity as the city's OpenID Connect provider. */
import { allowRoles } from '../identity/index.ts';

export { SsoModule, artifactPruning } from './sso.module.ts';
export type { SsoIdentity, SsoAccount } from './oidc-provider.ts';
export type { SsoEvents } from './sso.events.ts';
export { clientGrantTypes, type ClientInput, type ClientGrantType } from './client.service.ts';
export { acrOf, acrValues, type Acr } from './acr.ts';
export const ssoMigrations = {
  module: 'sso',
  dir: new URL('./migrations', import.meta.url).pathname,
};

allowRoles('sso.clients.manage', ['system_admin']);
