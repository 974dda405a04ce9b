import { Counter, Gauge, Histogram } from 'prom-client';
import type { Metrics } from '../../platform/metrics/metrics.ts';

/** The city code's scan log figures, in the platform's registry (served at /metrics). */
export function createCitycodeMetrics(metrics: Metrics, queued: () => number) {
  const registers = [metrics.registry];
  return {
    scans: new Counter({
      name: 'onecity_citycode_scans_logged_total',
      help: 'Scans in the durable scan log, by decision (replays count as deny)',
      labelNames: ['decision'] as const,
      registers,
    }),
    batchScans: new Histogram({
      name: 'onecity_citycode_scan_log_batch_scans',
      help: 'Scans per scan log batch (one COPY or statement and one commit each)',
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2000],
      registers,
    }),
    batchSeconds: new Histogram({
      name: 'onecity_citycode_scan_log_batch_seconds',
      help: 'Time from a scan log batch leaving to its commit (what every scan in it waits)',
      buckets: [0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.25, 1],
      registers,
    }),
    queued: new Gauge({
      name: 'onecity_citycode_scan_log_queued',
      help: 'Scans waiting for a scan log batch slot',
      registers,
      collect() {
        this.set(queued());
      },
    }),
  };
}

export type CitycodeMetrics = ReturnType<typeof createCitycodeMetrics>;
