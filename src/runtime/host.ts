import { ActorHost, type HostOptions } from '../../actors/core/host';
import type { Store } from '../../actors/core/store';
import type { TenantServices } from '../../actors/tenant/context';
export { tenantServices } from './services';
import { actorDeps } from './services';
import type { Config } from '../config';
import type { Logger } from '../log';
import { platform } from './platform';
import { actorKinds } from './kinds';
import { openConnections } from '../storage/open-connections';
import { backgroundCheckpoints } from '../storage/background-checkpoints';

/** Where an actor's database lives: the URL template with the actor's id filled in. */
export function storeUrl(config: Config, kind: string, id: string): string {
  return kind === 'directory' ? config.directoryDbUrl : config.dbUrl.replaceAll('{tenant}', id);
}

/**
 * A local file goes through the runtime's built-in SQLite driver (`bun`: bun:sqlite on Bun,
 * node:sqlite on Deno; a statement costs a fraction of libSQL's here, see bench/RESULTS.md); any other URL (a libSQL server, Turso) through
 * @libsql/client, which is also selectable for files.
 */
export async function openStore(url: string, config: Config): Promise<Store> {
  if (url.startsWith('file:') && config.ROSTER_SQLITE_DRIVER === 'bun') {
    return platform().openSqliteFile(url.slice('file:'.length), config.ROSTER_DURABILITY);
  }
  // Loaded on first use: libSQL's native add-on is not needed (nor allowed) on Deno's built-in driver.
  const { openLibsqlStore } = await import('../storage/libsql-store');
  return openLibsqlStore({ url, authToken: config.ROSTER_DB_AUTH_TOKEN, durability: config.ROSTER_DURABILITY });
}

/** The actor host of a Bun process (embedded, or a distributed worker), with the mode's hooks. */
export function createActorHost(
  config: Config,
  log: Logger,
  services: TenantServices,
  hooks: Pick<HostOptions, 'publish'> & Partial<Pick<HostOptions, 'clock' | 'onPassivate' | 'onWakeup'>>,
): ActorHost {
  openConnections.limit = config.ROSTER_OPEN_DATABASES;
  backgroundCheckpoints.useLog(log);
  return new ActorHost({
    kinds: actorKinds,
    openStore: (a) => openStore(storeUrl(config, a.kind, a.id), config),
    ...actorDeps(config, hooks.clock),
    services,
    publish: hooks.publish,
    maxResident: config.ROSTER_MAX_RESIDENT_ACTORS,
    memoryBudgetBytes: config.ROSTER_ACTOR_MEMORY_MB * 2 ** 20,
    memoryUsed: () => process.memoryUsage.rss(),
    idleMs: config.ROSTER_ACTOR_IDLE_MS,
    onPassivate: (a) => {
      log.debug('actor passivated', { actor: `${a.kind}/${a.id}` });
      hooks.onPassivate?.(a);
    },
    onWakeup: hooks.onWakeup,
  });
}
