import { defineEvents } from '../../platform/events/event.ts';

export interface SsoEvents {
  'sso.client.registered': { clientId: string; name: string; grantTypes: string[]; at: string };
  'sso.client.updated': { clientId: string; status: 'active' | 'disabled'; at: string };
}

export const ssoEvent = defineEvents<SsoEvents>();
