/**
 * `bun bench/import.ts [rows]`: how long a CSV import of N employees (10,000 by default)
 * takes on Roster embedded, as a dry run and for real, and a second time as an update.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess } from './process';

const rows = Number(process.argv[2] ?? 10_000);
const root = join(import.meta.dir, '..');
const work = mkdtempSync(join(tmpdir(), 'roster-import-'));
const server = await startProcess([process.execPath, join(root, 'src/main.ts'), 'serve'], { ROSTER_DATA: join(work, 'd'), HOST: '127.0.0.1', ROSTER_LOG: 'warn' }, root);
const json = (path: string, body: unknown, token?: string) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
await json('/v1/tenants', { name: 'Import Co', slug: 'import-co', owner: { name: 'Ida', email: 'ida@import.test', password: 'correct horse battery staple' } });
const { accessToken } = await json('/v1/auth/login', { tenant: 'import-co', email: 'ida@import.test', password: 'correct horse battery staple' });
for (const name of ['Sales', 'Engineering', 'Operations', 'Finance']) await json('/v1/departments', { name }, accessToken);

const depts = ['Sales', 'Engineering', 'Operations', 'Finance'];
const file = (title: string) =>
  ['externalId,firstName,lastName,workEmail,hireDate,department,managerEmail,jobTitle']
    .concat(Array.from({ length: rows }, (_, i) => `X${i},First${i},Last${i},p${i}@import.test,2020-01-${String((i % 28) + 1).padStart(2, '0')},${depts[i % 4]},${i >= 10 ? `p${i % 10}@import.test` : ''},${title}`))
    .join('\n');

async function run(label: string, csv: string, dryRun: boolean) {
  const started = performance.now();
  const res = await fetch(`${server.url}/v1/employee-imports${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${accessToken}` }, body: csv });
  const body = (await res.json()) as any;
  const ms = performance.now() - started;
  console.log(`${label}: ${res.status} ${body.status} rows=${body.rows} created=${body.created} updated=${body.updated} in ${(ms / 1000).toFixed(2)} s (${Math.round((rows / ms) * 1000)} rows/s), ${(csv.length / 1024).toFixed(0)} KiB`);
}

await run('dry run', file('Engineer'), true);
await run('import', file('Engineer'), false);
await run('re-import, every title changed', file('Senior engineer'), false);
await server.stop();
rmSync(work, { recursive: true, force: true });
