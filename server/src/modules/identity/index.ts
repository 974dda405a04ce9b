/** The identity module's only door: accounts, login, role grants and the one Policy. */
export { IdentityService, type AccountView } from './identity.service.ts';
export { Policy, allowRoles, type PolicyResource } from './policy.ts';
export { registerIdentityRoutes } from './identity.routes.ts';
export { AccountRepository, type NewAccount } from './account.repository.ts';
export { TokenService } from './token.service.ts';
export { DepartmentRepository, type Department } from './department.repository.ts';
export { SigningKeyRepository } from './signing-key.repository.ts';
export { hashPassword } from './password.ts';
export { maskIdNumber, maskPhone } from './masking.ts';
export type { IdentityEvents } from './identity.events.ts';
export const identityMigrations = {
  module: 'identity',
  dir: new URL('./migrations', import.meta.url).pathname,
};
