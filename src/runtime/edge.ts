import type { PasswordHasher } from '../../actors/identity/passwords';
import { tenantEvents, tenantMessages } from '../../actors/tenant/kind';
import type { AccessTokens } from '../auth/access-tokens';
import type { Config } from '../config';
import { createApp, type AppOptions } from '../http/app';
import type { Logger } from '../log';
import type { ActorClient } from '../transport/actor-client';

/** How a runtime serves push: a feed of live events (Bun), or its own mount (Durable Objects). */
export type EdgePush = Pick<AppOptions, 'feed' | 'upgradeWebSocket' | 'mountPush'>;

/** What differs between runtimes; everything else comes from the config, the same everywhere. */
export interface EdgeParts extends EdgePush, Pick<AppOptions, 'metrics' | 'docsAssets' | 'autoIdempotency' | 'ready' | 'documents' | 'headersStart'> {
  client: ActorClient;
  tokens: AccessTokens;
  passwords: PasswordHasher;
  log: Logger;
}

/**
 * The one edge assembly: config + actor client + push → the Hono app. Embedded, the NATS
 * gateway and the Worker all build their app here, so a setting is read in one place.
 */
export function createEdge(config: Config, parts: EdgeParts): ReturnType<typeof createApp> {
  return createApp({
    ...parts,
    messages: tenantMessages,
    events: tenantEvents,
    publicUrl: config.publicUrl,
    metricsToken: config.ROSTER_METRICS_TOKEN,
    maxBodyBytes: config.ROSTER_MAX_BODY_BYTES,
    timeoutMs: config.ROSTER_REQUEST_TIMEOUT_MS,
    corsOrigins: config.corsOrigins,
    checkReplies: config.ROSTER_CHECK_REPLIES,
    ssoAllowLoopbackHttp: config.ROSTER_SSO_ALLOW_LOOPBACK_HTTP,
  });
}
