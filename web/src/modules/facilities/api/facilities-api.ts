import { api } from '../../../shared/api/api';
import { unwrap } from '../../../shared/api/client';
import type { paths } from '../../../shared/api/schema';

type Query<Path extends keyof paths> = paths[Path] extends {
  get: { parameters: { query?: infer Q } };
}
  ? NonNullable<Q>
  : never;

export type FacilityQuery = Query<'/api/v1/facilities'>;
export type HealthQuery = Query<'/api/v1/facilities/{id}/health'>;

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export function listFacilities(query: FacilityQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/facilities', { params: { query }, ...withSignal(signal) }));
}

export function getFacility(id: string, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/facilities/{id}', { params: { path: { id } }, ...withSignal(signal) }),
  );
}

export function getHealthHistory(id: string, query: HealthQuery, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/facilities/{id}/health', {
      params: { path: { id }, query },
      ...withSignal(signal),
    }),
  );
}

export type FacilityPage = Awaited<ReturnType<typeof listFacilities>>;
export type Facility = FacilityPage['items'][number];
export type HealthLevel = Facility['level'];
export type FacilityDetail = Awaited<ReturnType<typeof getFacility>>;
export type HealthModel = FacilityDetail['model'];
export type HealthComponent = HealthModel['components'][number];
export type LiveHealth = FacilityDetail['live'];
export type ComponentScore = LiveHealth['components'][number];
export type HealthPoint = Awaited<ReturnType<typeof getHealthHistory>>['items'][number];
