import { defineEvents } from '../../platform/events/event.ts';

export interface LicencesEvents {
  /**
   * A licence was issued. `fields` are the printed fields of an enterprise's licence (name,
   * premises …: public on the licence itself); for a person's licence they are left out.
   */
  'licences.licence.issued': {
    licenceId: string;
    number: string;
    type: string;
    typeName: string;
    holderId: string;
    holderKind: 'citizen' | 'enterprise';
    holderName: string;
    departmentId: string;
    districtId: string | null;
    applicationId: string | null;
    taskId: string | null;
    issuedAt: string;
    validUntil: string | null;
    fields: Record<string, unknown>;
  };
  'licences.licence.revoked': {
    licenceId: string;
    number: string;
    type: string;
    holderId: string;
    departmentId: string;
    districtId: string | null;
    reason: string;
    revokedAt: string;
  };
}

export const licencesEvent = defineEvents<LicencesEvents>();
