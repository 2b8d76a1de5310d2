import { join } from 'node:path';
import { upgradeWebSocket } from 'hono/bun';
import type { NatsConnection } from '@nats-io/transport-node';
import { accessTokens } from '../auth/access-tokens';
import { loadOrCreateKeyRing } from '../auth/key-file';
import { NatsTenantFeed } from '../bus/nats-feed';
import type { Config } from '../config';
import { scryptHasher } from '../crypto/scrypt-passwords';
import type { createApp } from '../http/app';
import { swaggerUiAssets } from '../http/docs-assets';
import type { Logger } from '../log';
import { hostname } from 'node:os';
import { Svcm } from '@nats-io/services';
import { connectNats } from '../nats/connection';
import { gatewayServiceName, rosterVersion } from '../nats/subjects';
import { natsActorClient } from '../transport/nats-client';
import { createEdge } from './edge';
import { isQuery, replaysOnRetry } from './kinds';
import { Metrics } from '../metrics/metrics';

export interface Gateway {
  app: ReturnType<typeof createApp>;
  nc: NatsConnection;
  unready(): void;
  close(): Promise<void>;
}

/**
 * `roster gateway`: the HTTP edge of the distributed mode, stateless: authentication,
 * validation and routing here, actors on the workers, reached through NATS. Any number
 * run side by side; they share only the JWT keys (ROSTER_JWT_KEYS, or the key file in a
 * shared ROSTER_DATA).
 */
export async function startGateway(config: Config, log: Logger): Promise<Gateway> {
  const nc = await connectNats(config, `roster-gateway ${process.pid}`);
  const client = natsActorClient(nc, { isQuery, replaysOnRetry, maxInFlight: config.ROSTER_MAX_IN_FLIGHT });
  const tokens = accessTokens(
    loadOrCreateKeyRing(config.ROSTER_JWT_KEYS, join(config.ROSTER_DATA, 'jwt-keys')),
    config.ROSTER_ACCESS_TOKEN_TTL,
  );
  let closing = false;
  const feed = new NatsTenantFeed(nc);
  const app = createEdge(config, {
    client,
    feed,
    upgradeWebSocket,
    metrics: new Metrics({ pushConnections: () => feed.connections }),
    tokens,
    // Only for the decoy check of an unknown company's login; tenants hash in their workers.
    passwords: scryptHasher(config.ROSTER_SCRYPT_LOG_N),
    docsAssets: swaggerUiAssets,
    log,
    autoIdempotency: true,
    ready: () => !closing && !nc.isClosed(),
  });
  const id = `${hostname()}-${process.pid}`;
  const service = await new Svcm(nc as never).add({
    name: gatewayServiceName,
    version: rosterVersion,
    description: 'Roster HTTP gateway',
    metadata: { gateway: id },
  });
  service.addEndpoint('status', {
    subject: `roster.status.gateway.${id}`,
    handler: (err, msg) => {
      if (!err) msg.respond(JSON.stringify({ role: 'gateway', id, version: rosterVersion, inFlight: client.inFlight, draining: closing }));
    },
  });
  return {
    app,
    nc,
    /** Stops being ready (/readyz 503) while still serving: the start of a drain. */
    unready() {
      closing = true;
    },
    async close() {
      closing = true;
      await service.stop().catch(() => undefined);
      await nc.drain();
    },
  };
}
