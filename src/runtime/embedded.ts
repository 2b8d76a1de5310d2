import { join } from 'node:path';
import { ActorHost } from '../../actors/core/host';
import { systemClock, type Clock } from '../../actors/core/clock';
import { ulidIds } from '../../actors/core/ids';
import { directoryKind } from '../../actors/directory/directory';
import { tenantEvents, tenantKind, tenantMessages } from '../../actors/tenant/kind';
import type { TenantServices } from '../../actors/tenant/context';
import { accessTokens, loadOrCreateKeyRing } from '../auth/access-tokens';
import { upgradeWebSocket } from 'hono/bun';
import { LocalBus } from '../bus/local-bus';
import { TenantFanout } from '../bus/tenant-feed';
import type { Config } from '../config';
import { scryptHasher } from '../crypto/scrypt-passwords';
import { createApp } from '../http/app';
import type { Logger } from '../log';
import type { Store } from '../../actors/core/store';
import { openBunSqliteStore } from '../storage/bun-sqlite-store';
import { openLibsqlStore } from '../storage/libsql-store';
import type { ActorClient } from '../transport/actor-client';
import { localClient } from '../transport/local';
import { pollWakeups, recordWakeup } from './wakeups';
import { startWebhookDispatcher } from '../webhooks/dispatcher';
import type { Address } from '../../actors/core/kind';

export interface Embedded {
  app: ReturnType<typeof createApp>;
  host: ActorHost;
  bus: LocalBus;
  close(): Promise<void>;
}

/** Where an actor's database lives: the URL template with the actor's id filled in. */
export function storeUrl(config: Config, kind: string, id: string): string {
  return kind === 'directory' ? config.directoryDbUrl : config.dbUrl.replaceAll('{tenant}', id);
}

/**
 * A local file goes through Bun's SQLite driver (a fifth of libSQL's cost per statement
 * here, see bench/RESULTS.md); any other URL (a libSQL server, Turso) through @libsql/client.
 */
export async function openStore(url: string, config: Config): Promise<Store> {
  if (url.startsWith('file:') && config.ROSTER_SQLITE_DRIVER === 'bun') {
    return openBunSqliteStore(url.slice('file:'.length), config.ROSTER_DURABILITY);
  }
  return openLibsqlStore({ url, authToken: config.ROSTER_DB_AUTH_TOKEN, durability: config.ROSTER_DURABILITY });
}

/** Builds the actor host with the stores, clock and services of a Bun process. */
export function createHost(
  config: Config,
  log: Logger,
  bus: LocalBus,
  clock: Clock = systemClock,
  onWakeup?: (address: Address, nextDue: string | undefined) => void,
) {
  const passwords = scryptHasher(config.ROSTER_SCRYPT_LOG_N);
  const services: TenantServices = {
    passwords,
    publicUrl: config.publicUrl,
    webhooks: {
      allowPrivate: config.ROSTER_WEBHOOKS_ALLOW_PRIVATE,
      maxAttempts: config.ROSTER_WEBHOOK_MAX_ATTEMPTS,
      baseDelayMs: config.ROSTER_WEBHOOK_RETRY_BASE_MS,
    },
  };
  const host = new ActorHost({
    kinds: [tenantKind, directoryKind],
    openStore: async (a) => openStore(storeUrl(config, a.kind, a.id), config),
    clock,
    ids: ulidIds,
    services,
    publish: (address, events) => bus.publish(address, events),
    maxResident: config.ROSTER_MAX_RESIDENT_ACTORS,
    idleMs: config.ROSTER_ACTOR_IDLE_MS,
    onPassivate: (a) => log.debug('actor passivated', { actor: `${a.kind}/${a.id}` }),
    onWakeup: (address, due) => onWakeup?.(address, due),
  });
  return { host, passwords };
}

/** The default mode: edge and actors in one process, data in ROSTER_DATA. */
export function createEmbedded(config: Config, log: Logger, clock?: Clock): Embedded {
  const bus = new LocalBus();
  let client: ActorClient | undefined;
  const record = (a: Address, due: string | undefined) => client && recordWakeup(client, log)(a, due);
  const { host, passwords } = createHost(config, log, bus, clock, record);
  client = localClient(host);
  const wakeups = pollWakeups(client, log);
  const feed = new TenantFanout();
  bus.subscribe((address, events) => address.kind === 'tenant' && feed.deliver(address.id, events));
  const dispatcher = startWebhookDispatcher({
    client,
    log,
    allowPrivate: config.ROSTER_WEBHOOKS_ALLOW_PRIVATE,
    events: (listener) => bus.subscribe((address, events) => address.kind === 'tenant' && listener(address.id, events)),
  });
  const tokens = accessTokens(
    loadOrCreateKeyRing(config.ROSTER_JWT_KEYS, join(config.ROSTER_DATA, 'jwt-keys')),
    config.ROSTER_ACCESS_TOKEN_TTL,
  );
  let closing = false;
  const app = createApp({
    client,
    feed,
    tokens,
    passwords,
    messages: tenantMessages,
    events: tenantEvents,
    upgradeWebSocket,
    log,
    maxBodyBytes: config.ROSTER_MAX_BODY_BYTES,
    timeoutMs: config.ROSTER_REQUEST_TIMEOUT_MS,
    corsOrigins: config.corsOrigins,
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
      await host.close();
    },
  };
}
