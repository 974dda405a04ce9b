import { defineEvents } from '../../platform/events/event.ts';

export interface Open311Events {
  'open311.key.issued': { keyId: string; name: string; ratePerMinute: number; at: string };
  'open311.key.revoked': { keyId: string; name: string; at: string };
  /** A third party's report became a case (the case's own events follow from the cases module). */
  'open311.request.submitted': {
    caseId: string;
    number: string;
    serviceCode: string;
    keyId: string;
    at: string;
  };
}

export const open311Event = defineEvents<Open311Events>();
