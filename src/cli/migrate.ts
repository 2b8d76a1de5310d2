import { migrate } from '../../actors/core/migrate';
import { directoryKind } from '../../actors/directory/directory';
import { tenants } from '../../actors/directory/directory.sql.ts';
import { tenantKind } from '../../actors/tenant/kind';
import type { Config } from '../config';
import { openStore, storeUrl } from '../runtime/host';

/**
 * `roster migrate`: applies pending migrations to the directory and to every tenant's
 * database now, rather than on each tenant's next activation, with a progress bar.
 */
export async function migrateAll(config: Config, out: NodeJS.WriteStream = process.stderr): Promise<void> {
  const directory = await openStore(storeUrl(config, 'directory', 'global'), config);
  let ids: string[];
  try {
    await migrate(directory, directoryKind.migrations);
    ids = (await directory.db.select({ id: tenants.id }).from(tenants)).map((t) => t.id);
  } finally {
    await directory.close();
  }
  let applied = 0;
  const started = Date.now();
  for (const [i, id] of ids.entries()) {
    const store = await openStore(storeUrl(config, 'tenant', id), config);
    try {
      applied += await migrate(store, tenantKind.migrations);
    } finally {
      await store.close();
    }
    progress(out, i + 1, ids.length, started);
  }
  out.write(`\n${ids.length} tenant(s) checked, ${applied} migration(s) applied in ${Date.now() - started} ms\n`);
}

function progress(out: NodeJS.WriteStream, done: number, total: number, started: number) {
  const width = 30;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  const rate = done / Math.max((Date.now() - started) / 1000, 0.001);
  out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} tenants, ${rate.toFixed(0)}/s`);
}
