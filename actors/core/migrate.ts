import { sql } from 'drizzle-orm';
import type { Migration, Store } from './store';

/**
 * Applies the migrations a database has not seen yet, each in its own transaction. The
 * same runner serves libSQL files, libSQL servers and Durable Object SQLite, so it only
 * needs `exec`; drizzle-kit's SQL is split on its statement breakpoints.
 */
export async function migrate(store: Store, migrations: readonly Migration[]): Promise<number> {
  await store.exec(
    'CREATE TABLE IF NOT EXISTS __roster_migrations (tag TEXT PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    (await store.db.all<{ tag: string }>(sql.raw('SELECT tag FROM __roster_migrations'))).map((r) => r.tag),
  );
  let count = 0;
  for (const m of migrations) {
    if (applied.has(m.tag)) continue;
    await store.transaction(async () => {
      for (const statement of m.sql.split('--> statement-breakpoint')) {
        if (statement.trim()) await store.exec(statement);
      }
      await store.exec(
        `INSERT INTO __roster_migrations (tag, applied_at) VALUES ('${m.tag.replaceAll("'", "''")}', '${new Date().toISOString()}')`,
      );
    });
    count++;
  }
  return count;
}
