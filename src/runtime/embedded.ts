import { blobStoreFor } from '../storage/blobs';
import { backgroundCheckpoints } from '../storage/background-checkpoints';
import { join } from 'node:path';
import type { Clock } from '../../actors/core/clock';
import type { ActorHost } from '../../actors/core/host';
import type { Address } from '../../actors/core/kind';
import { accessTokens } from '../auth/access-tokens';
import { loadOrCreateKeyRing } from '../auth/key-file';
import { LocalBus } from '../bus/local-bus';
import { TenantFanout } from '../bus/tenant-feed';
import type { Config } from '../config';
import type { createApp } from '../http/app';
import { swaggerUiAssets } from '../http/docs-assets';
import type { Logger } from '../log';
import type { ActorClient } from '../transport/actor-client';
import { localClient } from '../transport/local';
import { Metrics } from '../metrics/metrics';
import { createEdge } from './edge';
import { createActorHost, tenantServices } from './host';
import { platform } from './platform';
import { pollWakeups, recordWakeup } from './wakeups';
import { dispatchWebhooks } from './webhook-dispatch';
import { dispatchMail } from './mail-dispatch';

export interface Embedded {
  app: ReturnType<typeof createApp>;
  host: ActorHost;
  bus: LocalBus;
  close(): Promise<void>;
}

/** The default mode: edge and actors in one process, data in ROSTER_DATA. */
export function createEmbedded(config: Config, log: Logger, clock?: Clock): Embedded {
  const bus = new LocalBus();
  const blobs = blobStoreFor(config);
  const services = tenantServices(config, blobs);
  let client: ActorClient | undefined;
  const host = createActorHost(config, log, services, {
    clock,
    publish: (address, events) => bus.publish(address, events),
    onWakeup: (a: Address, due: string | undefined) => client && recordWakeup(client, log)(a, due),
  });
  client = localClient(host);
  const wakeups = pollWakeups(client, log, config.ROSTER_WAKEUP_POLL_MS, clock);
  const feed = new TenantFanout();
  bus.subscribe((address, events) => address.kind === 'tenant' && feed.deliver(address.id, events));
  const metrics = new Metrics({ host, pushConnections: () => feed.connections, checkpoints: backgroundCheckpoints });
  const dispatcher = dispatchWebhooks(bus, client, config, log, metrics);
  const mail = dispatchMail(bus, client, config, log);
  const tokens = accessTokens(
    loadOrCreateKeyRing(config.ROSTER_JWT_KEYS, join(config.ROSTER_DATA, 'jwt-keys')),
    config.ROSTER_ACCESS_TOKEN_TTL,
  );
  let closing = false;
  const app = createEdge(config, {
    client,
    feed,
    upgradeWebSocket: platform().upgradeWebSocket,
    headersStart: platform().headersStart,
    tokens,
    passwords: services.passwords,
    docsAssets: swaggerUiAssets,
    metrics,
    log,
    documents: { blobs, maxBytes: config.ROSTER_DOCUMENT_MAX_BYTES },
    ready: () => !closing,
  });
  const sweeper = setInterval(() => void host.sweep(), Math.max(1000, config.ROSTER_ACTOR_IDLE_MS / 2));
  sweeper.unref?.();
  return {
    app,
    host,
    bus,
    async close() {
      closing = true;
      clearInterval(sweeper);
      wakeups.stop();
      await dispatcher.stop();
      await mail.stop();
      await host.close();
    },
  };
}
