import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ActorHost } from '../../actors/core/host';
import { FastHistogram, type HistogramChild } from './histogram';

export interface MetricSources {
  host?: ActorHost;
  /** Open push connections (SSE and WebSocket) on this process. */
  pushConnections?: () => number;
  /** The background checkpoints of this process's SQLite files (storage/background-checkpoints.ts). */
  checkpoints?: { readonly done: number; readonly failed: number };
}

/**
 * Prometheus metrics with prom-client. Labels stay bounded: route patterns, methods,
 * status codes, actor kinds, outcomes; never a tenant, user or record id.
 */
export class Metrics {
  readonly registry = new Registry();
  // Observed on every request: FastHistogram, exposed as prom-client's Histogram is.
  readonly http = new FastHistogram({
    name: 'roster_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  readonly actorCalls = new FastHistogram({
    name: 'roster_actor_call_duration_seconds',
    help: 'Actor call latency from the edge, by actor kind and outcome',
    labelNames: ['kind', 'outcome'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2],
    registers: [this.registry],
  });
  readonly webhooks = new Counter({
    name: 'roster_webhook_attempts_total',
    help: 'Webhook delivery attempts by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  /**
   * One labelled child per (route, status, method), found by three lookups on values that
   * are already there, rather than by a key string built and hashed on every request.
   */
  private readonly httpChildren = new Map<string, Map<number, Map<string, HistogramChild>>>();

  readonly observeHttp = (method: string, route: string, status: number, seconds: number) => {
    let byStatus = this.httpChildren.get(route);
    if (!byStatus) this.httpChildren.set(route, (byStatus = new Map()));
    let byMethod = byStatus.get(status);
    if (!byMethod) byStatus.set(status, (byMethod = new Map()));
    let child = byMethod.get(method);
    if (!child) byMethod.set(method, (child = this.http.labels(method, route, String(status))));
    child.observe(seconds);
  };

  constructor(sources: MetricSources = {}) {
    collectDefaultMetrics({ register: this.registry, prefix: 'roster_process_' });
    const { host } = sources;
    if (host) {
      const seen = { activations: 0, passivations: 0 };
      const activations = new Counter({ name: 'roster_actor_activations_total', help: 'Actor activations', registers: [this.registry] });
      const passivations = new Counter({ name: 'roster_actor_passivations_total', help: 'Actor passivations', registers: [this.registry] });
      new Gauge({
        name: 'roster_actors_resident',
        help: 'Actors in memory on this process',
        registers: [this.registry],
        collect() {
          const s = host.snapshot();
          this.set(s.resident);
          activations.inc(s.activations - seen.activations);
          passivations.inc(s.passivations - seen.passivations);
          seen.activations = s.activations;
          seen.passivations = s.passivations;
        },
      });
      new Gauge({
        name: 'roster_mailbox_depth',
        help: 'Commands queued or running in all mailboxes of this process',
        registers: [this.registry],
        collect() {
          this.set(host.snapshot().mailboxDepth);
        },
      });
      new Gauge({
        name: 'roster_outbox_lag_events',
        help: 'Committed events the bus has not confirmed yet, over the resident actors',
        registers: [this.registry],
        collect() {
          this.set(host.snapshot().outboxLag);
        },
      });
    }
    if (sources.checkpoints) {
      const checkpoints = sources.checkpoints;
      const seen = { done: 0, failed: 0 };
      new Counter({
        name: 'roster_sqlite_checkpoints_total',
        help: 'WAL checkpoints run on the background thread, by result',
        labelNames: ['result'] as const,
        registers: [this.registry],
        collect() {
          this.inc({ result: 'done' }, checkpoints.done - seen.done);
          this.inc({ result: 'failed' }, checkpoints.failed - seen.failed);
          seen.done = checkpoints.done;
          seen.failed = checkpoints.failed;
        },
      });
    }
    if (sources.pushConnections) {
      const count = sources.pushConnections;
      new Gauge({
        name: 'roster_push_connections',
        help: 'Open SSE and WebSocket connections',
        registers: [this.registry],
        collect() {
          this.set(count());
        },
      });
    }
  }
}
