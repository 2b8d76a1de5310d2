import type { LocalBus } from '../bus/local-bus';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Metrics } from '../metrics/metrics';
import type { ActorClient } from '../transport/actor-client';
import { startWebhookDispatcher } from '../webhooks/dispatcher';
import { pinnedPost } from '../webhooks/pinned-post';
import { resolveHost } from '../webhooks/resolve';

/** The webhook dispatcher of a Bun process, fed by the events its own actors commit. */
export function dispatchWebhooks(bus: LocalBus, client: ActorClient, config: Config, log: Logger, metrics: Metrics) {
  return startWebhookDispatcher({
    client,
    log,
    allowPrivate: config.ROSTER_WEBHOOKS_ALLOW_PRIVATE,
    resolve: resolveHost,
    post: pinnedPost,
    onAttempt: (ok) => metrics.webhooks.inc({ result: ok ? 'delivered' : 'failed' }),
    events: (listener) => bus.subscribe((address, events) => address.kind === 'tenant' && listener(address.id, events)),
  });
}
