import { Counter } from 'prom-client';
import type { Metrics } from '../../platform/metrics/metrics.ts';

/** The iot module's counters, in the platform's registry (served at /metrics). */
export function createIotMetrics(metrics: Metrics) {
  const registers = [metrics.registry];
  return {
    messages: new Counter({
      name: 'onecity_iot_messages_total',
      help: 'Device messages by kind and outcome (stored, rejected, unknown_device)',
      labelNames: ['kind', 'status'] as const,
      registers,
    }),
    readings: new Counter({
      name: 'onecity_iot_readings_total',
      help: 'Telemetry readings stored',
      registers,
    }),
    issues: new Counter({
      name: 'onecity_iot_quality_issues_total',
      help: 'Data-quality issues found in device messages, by kind',
      labelNames: ['kind'] as const,
      registers,
    }),
    cameOnline: new Counter({
      name: 'onecity_iot_devices_came_online_total',
      help: 'Devices that came online',
      registers,
    }),
    wentOffline: new Counter({
      name: 'onecity_iot_devices_went_offline_total',
      help: 'Devices that went offline',
      registers,
    }),
  };
}

export type IotMetrics = ReturnType<typeof createIotMetrics>;
