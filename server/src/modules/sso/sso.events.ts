import { defineEvents } from '../../platform/events/event.ts';

export interface SsoEvents {
  'sso.client.registered': { clientId: string; name: string; grantTypes: string[]; at: string };
  /** Status changed (status), or name / redirect URIs / acr / secret changed (changed). */
  'sso.client.updated': {
    clientId: string;
    status?: 'active' | 'disabled';
    changed?: string[];
    at: string;
  };
}

export const ssoEvent = defineEvents<SsoEvents>();
