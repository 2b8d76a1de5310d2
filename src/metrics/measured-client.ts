import { AppError } from '../../actors/core/errors';
import { actorClient, type ActorClient } from '../transport/actor-client';
import type { Metrics } from './metrics';
import type { HistogramChild } from './histogram';

/** Times every actor call the edge makes, by actor kind and outcome (ok, client error, server error). */
export function measuredClient(client: ActorClient, metrics: Metrics): ActorClient {
  // One labelled child per (outcome, kind), found without building a key string per call.
  const children = new Map<string, Map<string, HistogramChild>>();
  const observe = (kind: string, outcome: string, seconds: number) => {
    let byKind = children.get(outcome);
    if (!byKind) children.set(outcome, (byKind = new Map()));
    let child = byKind.get(kind);
    if (!child) byKind.set(kind, (child = metrics.actorCalls.labels(kind, outcome)));
    child.observe(seconds);
  };
  return actorClient(async (address, envelope) => {
    const started = performance.now();
    try {
      const reply = await client.request(address, envelope);
      observe(address.kind, 'ok', (performance.now() - started) / 1000);
      return reply;
    } catch (e) {
      observe(address.kind, e instanceof AppError && e.status < 500 ? 'rejected' : 'failed', (performance.now() - started) / 1000);
      throw e;
    }
  });
}
