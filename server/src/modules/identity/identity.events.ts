import { defineEvents } from '../../platform/events/event.ts';
import type { AccountKind, StaffRole } from '../../platform/auth/actor.ts';

export interface IdentityEvents {
  'identity.account.registered': { accountId: string; kind: AccountKind; username: string };
  'identity.role.granted': { accountId: string; role: StaffRole; regionId: string };
  'identity.role.revoked': { accountId: string; role: StaffRole; regionId: string };
}

export const identityEvent = defineEvents<IdentityEvents>();
