import { constants, Database, type SQLQueryBindings } from 'bun:sqlite';
import { drizzle } from 'drizzle-orm/bun-sqlite';
import type { Db, SqlValue, Store } from '../../actors/core/store';
import { sqliteTransactions } from './sqlite-transactions';
import type { Durability } from './libsql-store';
import { openConnections, type Parkable } from './open-connections';
import { preparePrivateFile } from './private-file';
import { backgroundCheckpoints } from './background-checkpoints';

/** The store's own statements kept compiled (see ownStatement). */
const keptStatements = 32;

/**
 * An actor's store on a local SQLite file through Bun's built-in driver, for the Bun
 * runtimes (embedded mode and distributed workers on a shared disk). The actor is the
 * file's only writer and owns its one connection, so transactions are plain BEGIN /
 * SAVEPOINT on it. Compiled statements are cached by SQL text: drizzle builds the same SQL
 * for the same query, so the hot paths never parse SQL twice.
 *
 * The connection is opened at once (a bad file fails the activation) and may be closed
 * between transactions when the process has too many open (open-connections.ts); it is
 * reopened on the next statement; a statement drizzle keeps follows it to the new connection.
 * Its checkpoints run on another thread (background-checkpoints.ts); SQLite's own stays as
 * a bound.
 */
export function openBunSqliteStore(path: string, durability: Durability = 'normal'): Store {
  preparePrivateFile(path);
  let sqlite: Database | undefined;
  let closed = false;
  // Only the first open may create the file: a reopened connection whose file is gone fails
  // rather than carrying on with an empty database.
  let create = true;
  const checkpoints = backgroundCheckpoints.forDatabase(path);
  const connect = () => {
    const db = new Database(path, { create, readwrite: true, strict: false });
    create = false;
    db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}; PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = ${backgroundCheckpoints.writerBound};`);
    // The WAL file is kept when the connection closes: recreating it on the next first write
    // costs a sync of the new file's header and one of the folder, on every activation and
    // every reopening of a parked connection.
    db.fileControl(constants.SQLITE_FCNTL_PERSIST_WAL, 1);
    return db;
  };
  const connection: Parkable = {
    park() {
      if (!sqlite || sqlite.inTransaction) return false;
      sqlite.close();
      sqlite = undefined;
      return true;
    },
  };
  const current = (): Database => {
    if (closed) throw new Error(`the store of ${path} is closed`);
    sqlite ??= connect();
    openConnections.used(connection);
    return sqlite;
  };
  current();
  // drizzle asks its client to `prepare`. The statement it gets looks up Bun's statement cache
  // of the connection open at each use, so one that drizzle keeps (a prepared query) outlives
  // a parked connection instead of running on a closed one.
  // The compiled statement and its bound methods are kept until the connection changes: a
  // PATCH runs a handful of them, and finding each in Bun's cache by its SQL text, with a new
  // bound function per call, cost more than some of the statements themselves.
  const statement = (sql: string) => {
    let on: Database | undefined;
    let st!: ReturnType<Database['query']>;
    let methods = new Map<PropertyKey, unknown>();
    return new Proxy({} as ReturnType<Database['query']>, {
      get(_target, prop) {
        const db = current();
        if (db !== on || st.isFinalized) {
          on = db;
          st = db.query(sql);
          methods = new Map();
        }
        const known = methods.get(prop);
        if (known !== undefined) return known;
        const value = Reflect.get(st, prop, st);
        if (typeof value !== 'function') return value;
        const bound = value.bind(st);
        methods.set(prop, bound);
        return bound;
      },
    });
  };
  const client = new Proxy({} as Database, {
    get(_target, prop) {
      if (prop === 'prepare') return statement;
      const db = current();
      const value = Reflect.get(db, prop, db);
      return typeof value === 'function' ? value.bind(db) : value;
    },
  });
  const db = drizzle({ client }) as unknown as Db;
  // The store's own statements (the outbox, audit and idempotency rows of each batch, the
  // fencing check), kept by SQL text as the statements drizzle keeps: Bun's cache keeps 20 a
  // connection, fewer than an actor's queries, and a batch's multi-row insert missed it and was
  // compiled again (2.5 % of a create's CPU). Each follows a reopened connection, and comes
  // from query(), which closing the connection finalizes: a prepare()d one left alive kept the
  // closed connection open (its files, and a WAL not merged into the database file).
  const own = new Map<string, ReturnType<typeof statement>>();
  const ownStatement = (sql: string) => {
    let st = own.get(sql);
    if (!st) {
      // Bounded, oldest out: a store's run/all use a dozen distinct statements in practice.
      if (own.size >= keptStatements) own.delete(own.keys().next().value!);
      st = statement(sql);
      own.set(sql, st);
    }
    return st;
  };
  return {
    db,
    maxParams: 32_766,
    async exec(sql) {
      current().exec(sql);
    },
    async run(sql, params) {
      ownStatement(sql).run(...(params as SQLQueryBindings[]));
    },
    async all<T>(sql: string, params: readonly SqlValue[]) {
      return ownStatement(sql).all(...(params as SQLQueryBindings[])) as T[];
    },
    ...sqliteTransactions((sql) => current().exec(sql), () => sqlite?.inTransaction ?? false, { beforeBegin: checkpoints.beforeWrite, afterCommit: checkpoints.committed }),
    async close() {
      closed = true;
      openConnections.closed(connection);
      checkpoints.closed();
      sqlite?.close();
      sqlite = undefined;
    },
  };
}
