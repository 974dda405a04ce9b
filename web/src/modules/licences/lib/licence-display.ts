import type { LicenceStatus } from '../api/licences-api';

export const LICENCE_STATUS_COLORS: Readonly<Record<LicenceStatus, string>> = {
  valid: 'green',
  expired: 'default',
  revoked: 'red',
};
