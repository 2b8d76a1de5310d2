import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Config } from '../config';

/** One NATS connection per process, named so that `roster status` and the server can tell processes apart. */
export function connectNats(config: Config, name: string): Promise<NatsConnection> {
  return connect({
    servers: config.ROSTER_NATS_URL.split(','),
    name,
    ...(config.ROSTER_NATS_TOKEN ? { token: config.ROSTER_NATS_TOKEN } : {}),
    ...(config.ROSTER_NATS_USER ? { user: config.ROSTER_NATS_USER, pass: config.ROSTER_NATS_PASSWORD } : {}),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    // nats.js makes two Errors per request to keep the caller's stack for a timeout: 6 % of a
    // gateway's CPU per GET. A timeout becomes the edge's own 504, whose stack says enough.
    noAsyncTraces: true,
  });
}
