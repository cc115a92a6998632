// Prometheus metrics: request latency, store latency, graph size (scraped at /metrics).
import client from 'prom-client';
import type { GraphStore } from '../store/types.js';

export interface Metrics {
  registry: client.Registry;
  httpDuration: client.Histogram<'method' | 'route' | 'status'>;
  storeDuration: client.Histogram<'operation' | 'store' | 'outcome'>;
}

export function createMetrics(store: GraphStore): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const httpDuration = new client.Histogram({
    name: 'blast_radius_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const storeDuration = new client.Histogram({
    name: 'blast_radius_store_operation_duration_seconds',
    help: 'Store operation latency',
    labelNames: ['operation', 'store', 'outcome'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new client.Gauge({
    name: 'blast_radius_graph_nodes',
    help: 'Registered nodes at the current revision',
    registers: [registry],
    async collect() {
      await settle(this, async () => (await store.size()).nodes);
    },
  });
  new client.Gauge({
    name: 'blast_radius_graph_edges',
    help: 'Registered FEEDS edges at the current revision',
    registers: [registry],
    async collect() {
      await settle(this, async () => (await store.size()).edges);
    },
  });
  new client.Gauge({
    name: 'blast_radius_graph_revision',
    help: 'Current graph revision',
    registers: [registry],
    async collect() {
      await settle(this, () => store.currentRevision());
    },
  });
  return { registry, httpDuration, storeDuration };
}

/**
 * Sets a gauge from the store, or leaves its last value when the store does not answer within a
 * second: /metrics must answer while the database is down (the outage shows in the store histogram).
 */
async function settle(gauge: client.Gauge, read: () => Promise<number>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), 1000);
  });
  const value = await Promise.race([read().catch(() => undefined), late]);
  clearTimeout(timer);
  if (value !== undefined) gauge.set(value);
}

/** The store, with every call timed into the store-latency histogram. */
export function timedStore(store: GraphStore, metrics: Metrics): GraphStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'constructor') return value;
      return (...args: unknown[]) => {
        const end = metrics.storeDuration.startTimer({ operation: String(prop), store: target.kind });
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) {
          return result.then(
            (r) => (end({ outcome: 'ok' }), r),
            (e) => {
              end({ outcome: 'error' });
              throw e;
            },
          );
        }
        end({ outcome: 'ok' });
        return result;
      };
    },
  });
}
