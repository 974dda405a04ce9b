import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per platform instance, so tests that start several do not collide. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'onecity_process_' });
  return {
    registry,
    httpRequests: new Histogram({
      name: 'onecity_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    problems: new Counter({
      name: 'onecity_http_problems_total',
      help: 'Error responses by stable error code',
      labelNames: ['code', 'status'] as const,
      registers: [registry],
    }),
    eventsPublished: new Counter({
      name: 'onecity_events_published_total',
      help: 'Events relayed from the outbox to the bus',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    eventsHandled: new Counter({
      name: 'onecity_events_handled_total',
      help: 'Events handled by consumers (duplicates skipped are counted as outcome=duplicate)',
      labelNames: ['consumer', 'outcome'] as const,
      registers: [registry],
    }),
    outboxBacklog: new Gauge({
      name: 'onecity_outbox_backlog',
      help: 'Events written but not yet relayed, as seen by the last relay pass',
      registers: [registry],
    }),
    timersFired: new Counter({
      name: 'onecity_timers_fired_total',
      help: 'Durable timers fired by this node',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
