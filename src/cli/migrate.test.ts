import { expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api, signUp } from '../../test/contract/client';
import { startEmbedded } from '../../test/support/embedded-target';
import { loadConfig } from '../config';
import { openStore, storeUrl } from '../runtime/host';
import { tenants } from '../../actors/directory/directory.sql.ts';
import { migrateAll } from './migrate';
import { tenantMigrations } from '../../migrations/tenant';

test('roster migrate brings every tenant database up to date, with progress', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-migrate-'));
  try {
    const roster = await startEmbedded({ ROSTER_DATA: dataDir });
    const api = new Api(roster.baseUrl);
    await signUp(api, 'mig-a');
    await signUp(api, 'mig-b');
    await roster.close().catch(() => undefined);

    // A tenant the directory knows whose database was never opened (restored from backup, say).
    const config = loadConfig({ ROSTER_DATA: dataDir });
    const directory = await openStore(storeUrl(config, 'directory', 'global'), config);
    await directory.db.insert(tenants).values({
      id: 'ten_01aaaaaaaaaaaaaaaaaaaaaaaa',
      slug: 'restored',
      name: 'Restored',
      status: 'active',
      ownerEmail: 'o@restored.test',
      createdAt: new Date().toISOString(),
    });
    await directory.close();

    let output = '';
    const out = { write: (s: string) => void (output += s) } as unknown as NodeJS.WriteStream;
    await migrateAll(config, out);
    expect(output).toContain('3/3 tenants');
    // The two live tenants are up to date; the restored one gets every migration there is.
    expect(output).toContain(`3 tenant(s) checked, ${tenantMigrations.length} migration(s) applied`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
