import type { AccountKind, AssuranceLevel } from '../../platform/auth/actor.ts';

/** What the services module needs to know about an applicant (identity module). */
export interface ApplicantProfile {
  id: string;
  kind: AccountKind;
  name: string;
  /** Resident ID number (persons) or unified social credit code (enterprises). */
  identifier: string | null;
  phone: string | null;
  assuranceLevel: AssuranceLevel;
}

/** An e-licence as the services module sees it (licences module). */
export interface HeldLicence {
  id: string;
  number: string;
  type: string;
  typeName: string;
  holderId: string;
  status: 'valid' | 'revoked' | 'expired';
  issuedAt: string;
  validUntil: string | null;
}

/** Read access to the e-licence library, wired in by the composition root. */
export interface LicenceLookup {
  /** Valid licences of these types the holder has. */
  held(holderId: string, types: string[]): Promise<HeldLicence[]>;
  find(licenceId: string): Promise<HeldLicence | null>;
}

/** Text messages to applicants' phones; the default adapter only logs (masked). */
export interface SmsSender {
  send(message: { to: string; text: string; reference: string }): Promise<void>;
}
