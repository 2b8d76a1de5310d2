import { jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { PublishedEvent } from '../../actors/core/event';
import { encode } from '../transport/wire';
import { eventStream, subjects } from './subjects';

/** One stream keeps every tenant's events; a publish is deduplicated by `<tenant>:<seq>`. */
export async function ensureEventStream(nc: NatsConnection, replicas: number) {
  const jsm = await jetstreamManager(nc);
  const config = {
    name: eventStream,
    subjects: [subjects.allEvents],
    num_replicas: replicas,
    duplicate_window: 120_000_000_000,
    max_age: 7 * 24 * 3600 * 1_000_000_000,
  };
  try {
    await jsm.streams.info(eventStream);
  } catch {
    await jsm.streams.add(config).catch(async () => jsm.streams.info(eventStream));
  }
}

export async function publishEvents(js: JetStreamClient, tenantId: string, events: PublishedEvent[]) {
  await Promise.all(
    events.map((e) => js.publish(subjects.events(tenantId), encode(e), { msgID: `${tenantId}:${e.seq}` })),
  );
}
