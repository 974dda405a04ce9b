import { api } from '../../../shared/api/api';
import { unwrap } from '../../../shared/api/client';
import type { paths } from '../../../shared/api/schema';

type Query<Path extends keyof paths> = paths[Path] extends {
  get: { parameters: { query?: infer Q } };
}
  ? NonNullable<Q>
  : never;

export type DeviceQuery = Query<'/api/v1/iot/devices'>;
export type DeviceMapQuery = Query<'/api/v1/iot/map'>;
export type TelemetryRangeQuery = Query<'/api/v1/iot/devices/{id}/telemetry'>;
export type AggregateQuery = Query<'/api/v1/iot/devices/{id}/telemetry/aggregate'>;
export type AggregateInterval = AggregateQuery['interval'];

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

/** The server's page size limit for device lists. */
export const MAX_DEVICE_PAGE = 500;

export function listProducts(signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/iot/products', withSignal(signal)));
}

export function getProduct(id: string, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/iot/products/{id}', { params: { path: { id } }, ...withSignal(signal) }),
  );
}

export function listDevices(query: DeviceQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/iot/devices', { params: { query }, ...withSignal(signal) }));
}

export function getDevice(id: string, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/iot/devices/{id}', { params: { path: { id } }, ...withSignal(signal) }),
  );
}

export function getLatest(id: string, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/iot/devices/{id}/latest', {
      params: { path: { id } },
      ...withSignal(signal),
    }),
  );
}

export function getTelemetry(id: string, query: TelemetryRangeQuery, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/iot/devices/{id}/telemetry', {
      params: { path: { id }, query },
      ...withSignal(signal),
    }),
  );
}

export function getAggregate(id: string, query: AggregateQuery, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/iot/devices/{id}/telemetry/aggregate', {
      params: { path: { id }, query },
      ...withSignal(signal),
    }),
  );
}

export function getQuality(id: string, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/iot/devices/{id}/quality', {
      params: { path: { id } },
      ...withSignal(signal),
    }),
  );
}

export function getDeviceMap(query: DeviceMapQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/iot/map', { params: { query }, ...withSignal(signal) }));
}

export function listDepartments(signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/departments', { params: { query: {} }, ...withSignal(signal) }));
}

export type ProductList = Awaited<ReturnType<typeof listProducts>>;
export type Product = ProductList['items'][number];
export type ThingModel = Product['thingModel'];
export type ThingProperty = ThingModel['properties'][number];
export type DevicePage = Awaited<ReturnType<typeof listDevices>>;
export type Device = DevicePage['items'][number];
export type LatestValues = Awaited<ReturnType<typeof getLatest>>;
export type LatestValue = LatestValues['values'][number];
export type RawSeries = Awaited<ReturnType<typeof getTelemetry>>;
export type AggregateSeries = Awaited<ReturnType<typeof getAggregate>>;
export type AggregateBucket = AggregateSeries['buckets'][number];
export type QualityReport = Awaited<ReturnType<typeof getQuality>>;
export type DeviceMapCollection = Awaited<ReturnType<typeof getDeviceMap>>;
export type DeviceMapFeature = DeviceMapCollection['features'][number];
export type Department = Awaited<ReturnType<typeof listDepartments>>['items'][number];
