/** The iot module's only door: products, the device registry, the ingest path, queries. */
export { IotModule, type IotDependencies } from './iot.module.ts';
export {
  TelemetryIngestService,
  type IngestMessage,
  type IngestOutcome,
  type TelemetryObserver,
} from './telemetry-ingest.service.ts';
export { startMqttIngest, type MqttIngest } from './mqtt/mqtt-ingest.ts';
export { EmbeddedMqttBroker } from './mqtt/embedded-broker.ts';
export { ExternalMqttIngest } from './mqtt/external-ingest.ts';
export {
  DeviceRegistryService,
  type ImportReport,
  type ImportProgress,
  type DeviceInput,
} from './device-registry.service.ts';
export { TelemetryQueryService } from './telemetry-query.service.ts';
export { DeviceFigures } from './device-figures.repository.ts';
export { ReadingRate } from './reading-rate.ts';
export { csvRecords, CsvError, type ImportError } from './device-import.ts';
export type { ThingModel, ThingProperty } from './thing-model.ts';
export type { IotEvents } from './iot.events.ts';
export {
  TelemetrySimulator,
  SimulatorError,
  anomalyDescriptions,
  type SimulatedDevice,
  type SimulatorOptions,
  type SimulatorProgress,
  type StartedAnomaly,
} from './simulator/telemetry-simulator.ts';
export { historyMessages, type HistoryOptions } from './simulator/telemetry-history.ts';
export {
  PlatformApi,
  ApiError,
  fetchDevices,
  parseDeviceSpec,
  ensureSimulatorRules,
  simulatorRules,
  type DeviceSpec,
} from './simulator/device-source.ts';
export { iotActions } from './iot.policy.ts';
export const iotMigrations = {
  module: 'iot',
  dir: new URL('./migrations', import.meta.url).pathname,
};
