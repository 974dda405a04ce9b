import { api } from '../../../shared/api/api';
import { unwrap } from '../../../shared/api/client';

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export function listMyLicences(signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/licences/mine', withSignal(signal)));
}

export function getLicence(id: string, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/licences/{id}', { params: { path: { id } }, ...withSignal(signal) }),
  );
}

/** Online verification of what a licence's QR code carries. */
export function verifyLicence(token: string) {
  return unwrap(api.POST('/api/v1/licences/verify', { body: { token } }));
}

export type Licence = Awaited<ReturnType<typeof listMyLicences>>['items'][number];
export type LicenceDetail = Awaited<ReturnType<typeof getLicence>>;
export type Verification = Awaited<ReturnType<typeof verifyLicence>>;
export type LicenceStatus = Licence['status'];
