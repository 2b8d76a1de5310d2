import { createClient, type Client, type InArgs, type Transaction } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import type { Db, SqlValue, Store } from '../../actors/core/store';
import { preparePrivateFile } from './private-file';

export type Durability = 'full' | 'normal';

export interface LibsqlOptions {
  url: string;
  authToken?: string;
  /**
   * `full` (default): a commit survives a power cut, not only a killed process. Group
   * commit makes the extra fsync affordable. `normal` survives a killed process only.
   */
  durability?: Durability;
}

/**
 * An actor's store on libSQL: a local file (embedded, or a shared disk) or a libSQL
 * server. The client lends each transaction a connection (a file) or a stream (a server)
 * of its own; while one is open, `db` is a drizzle instance bound to it, so the handlers'
 * queries land inside the transaction. A file gets one connection: the actor is its only
 * writer, and the per-connection pragmas below then hold for everything it does.
 */
export async function openLibsqlStore(options: LibsqlOptions): Promise<Store> {
  const { url } = options;
  if (!url.startsWith('file:')) return libsqlStore(createClient({ url, authToken: options.authToken }));
  preparePrivateFile(url.slice('file:'.length));
  const client = createClient({ url, concurrency: 1 });
  await client.executeMultiple(
    `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'};` +
      ' PRAGMA busy_timeout = 5000;',
  );
  return libsqlStore(client);
}

function libsqlStore(client: Client): Store {
  const base = drizzle(client) as unknown as Db;
  let tx: { raw: Transaction; db: Db } | undefined;
  let depth = 0;
  const run = (sql: string) => (tx ? tx.raw.execute(sql) : client.execute(sql));
  return {
    maxParams: 32_766,
    get db() {
      return tx?.db ?? base;
    },
    exec: async (sql) => (tx ? tx.raw.executeMultiple(sql) : client.executeMultiple(sql)),
    async run(sql, params) {
      await (tx ? tx.raw : client).execute({ sql, args: params as InArgs });
    },
    async all<T>(sql: string, params: readonly SqlValue[]) {
      const rs = await (tx ? tx.raw : client).execute({ sql, args: params as InArgs });
      return rs.rows as unknown as T[];
    },
    async transaction(work) {
      const raw = await client.transaction('write');
      tx = { raw, db: drizzle(raw as unknown as Client) as unknown as Db };
      try {
        const result = await work();
        await raw.commit();
        return result;
      } catch (e) {
        await raw.rollback().catch(() => undefined);
        throw e;
      } finally {
        raw.close();
        tx = undefined;
      }
    },
    async savepoint(work) {
      const name = `sp${++depth}`;
      await run(`SAVEPOINT ${name}`);
      try {
        const result = await work();
        await run(`RELEASE ${name}`);
        return result;
      } catch (e) {
        await run(`ROLLBACK TO ${name}`);
        await run(`RELEASE ${name}`);
        throw e;
      } finally {
        depth--;
      }
    },
    close: async () => client.close(),
  };
}
