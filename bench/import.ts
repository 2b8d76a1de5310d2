/**
 * `bun bench/import.ts [rows] [--custom]`: how long a CSV import of N employees (10,000 by
 * default) takes on Roster embedded, as a dry run and for real, and a second time as an
 * update. `--custom` adds 20 custom fields (every type) and a pay record to every row.
 * `--root <dir>` runs the server of another checkout (a worktree of an older commit) with this
 * script, so that two versions are measured the same way. Each run prints its wall time and
 * the server's CPU time (less moved by a loaded machine than wall time). `--profile` profiles
 * the server during the first real import (bench/.tmp/import.cpuprofile and .txt).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuUs } from './measure';
import { startProcess } from './process';

const rows = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10_000);
const withCustom = process.argv.includes('--custom');
const rootArg = process.argv.indexOf('--root');
const root = rootArg > 0 ? process.argv[rootArg + 1]! : join(import.meta.dir, '..');
const profileOut = process.argv.includes('--profile') ? join(import.meta.dir, '.tmp', 'import') : undefined;
if (profileOut) mkdirSync(join(import.meta.dir, '.tmp'), { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'roster-import-'));
const preload = profileOut ? ['--preload', join(import.meta.dir, 'window-profile.ts')] : [];
const server = await startProcess([process.execPath, ...preload, join(root, 'src/main.ts'), 'serve'], { ...(profileOut ? { BENCH_PROFILE_OUT: profileOut } : {}), ROSTER_DATA: join(work, 'd'), HOST: '127.0.0.1', ROSTER_LOG: 'warn', ...(withCustom ? { ROSTER_MAX_BODY_BYTES: String(8 * 1024 * 1024) } : {}) }, root);
const json = (path: string, body: unknown, token?: string) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
await json('/v1/tenants', { name: 'Import Co', slug: 'import-co', owner: { name: 'Ida', email: 'ida@import.test', password: 'correct horse battery staple' } });
const { accessToken } = await json('/v1/auth/login', { tenant: 'import-co', email: 'ida@import.test', password: 'correct horse battery staple' });
for (const name of ['Sales', 'Engineering', 'Operations', 'Finance']) await json('/v1/departments', { name }, accessToken);

const depts = ['Sales', 'Engineering', 'Operations', 'Finance'];
// 20 custom fields, of every type but a reference (whose ids a file cannot know ahead).
const kinds = [
  { type: 'text', cell: (i: number) => `T-${i}` },
  { type: 'long_text', cell: (i: number) => `Notes about ${i}` },
  { type: 'number', min: 0, cell: (i: number) => String(i % 1000) },
  { type: 'date', cell: (i: number) => `2027-0${(i % 9) + 1}-15` },
  { type: 'boolean', cell: (i: number) => String(i % 2 === 0) },
  { type: 'single_select', options: ['S', 'M', 'L', 'XL'], cell: (i: number) => ['S', 'M', 'L', 'XL'][i % 4]! },
  { type: 'multi_select', options: ['de', 'en', 'fr'], cell: (i: number) => (i % 2 ? 'de|en' : 'fr') },
];
const custom = withCustom ? Array.from({ length: 20 }, (_, k) => ({ key: `f${k}`, ...kinds[k % kinds.length]! })) : [];
for (const { cell: _cell, ...f } of custom) await json('/v1/custom-fields', { ...f, label: f.key, tier: 'employment' }, accessToken);
const extraHeader = withCustom ? [...custom.map((f) => `custom.${f.key}`), 'compensation.effectiveDate', 'compensation.amount', 'compensation.currency', 'compensation.frequency', 'compensation.payGrade'].join(',') : '';
const extraCells = (i: number, title: string) => (withCustom ? [...custom.map((f) => f.cell(i)), '2024-01-01', title === 'Engineer' ? '52000.00' : '54000.00', 'EUR', 'yearly', `P${i % 5}`].join(',') : '');
const file = (title: string) =>
  [`externalId,firstName,lastName,workEmail,hireDate,department,managerEmail,jobTitle${withCustom ? `,${extraHeader}` : ''}`]
    .concat(Array.from({ length: rows }, (_, i) => `X${i},First${i},Last${i},p${i}@import.test,2020-01-${String((i % 28) + 1).padStart(2, '0')},${depts[i % 4]},${i >= 10 ? `p${i % 10}@import.test` : ''},${title}${withCustom ? `,${extraCells(i, title)}` : ''}`))
    .join('\n');

/** How many employees the server now holds whose record mentions `text` (an independent read, not the import's own report). */
async function holding(text: string): Promise<number> {
  const res = await fetch(`${server.url}/v1/employees?q=${encodeURIComponent(text)}&limit=1`, { headers: { authorization: `Bearer ${accessToken}` } });
  return ((await res.json()) as { total: number }).total;
}

/** The work a timed run claims must be there: every row written, or (a dry run) none. */
async function check(label: string, title: string, expected: number) {
  const held = await holding(title);
  if (held !== expected) throw new Error(`${label}: ${held} employees titled "${title}" are stored, ${expected} were expected`);
  console.log(`  checked: ${held} employees titled "${title}" stored`);
}

async function run(label: string, csv: string, dryRun: boolean, profile = false) {
  if (profile) {
    process.kill(server.pid, 'SIGUSR2');
    await Bun.sleep(200);
  }
  const cpu0 = cpuUs(server.pid);
  const started = performance.now();
  const res = await fetch(`${server.url}/v1/employee-imports${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${accessToken}` }, body: csv });
  const body = (await res.json()) as any;
  const ms = performance.now() - started;
  const cpu = (cpuUs(server.pid) - cpu0) / 1e6;
  console.log(`${label}: ${res.status} ${body.status} rows=${body.rows} created=${body.created} updated=${body.updated} in ${(ms / 1000).toFixed(2)} s (${Math.round((rows / ms) * 1000)} rows/s), server CPU ${cpu.toFixed(2)} s, ${(csv.length / 1024).toFixed(0)} KiB`);
  if (profile) {
    process.kill(server.pid, 'SIGUSR2');
    for (let i = 0; i < 100 && !existsSync(`${profileOut}.txt`); i++) await Bun.sleep(100);
  }
}

await run('dry run', file('Engineer'), true);
await check('dry run', 'Engineer', 0);
if (profileOut) rmSync(`${profileOut}.txt`, { force: true });
await run('import', file('Engineer'), false, !!profileOut);
await check('import', 'Engineer', rows);
await run('re-import, every title changed', file('Senior engineer'), false);
await check('re-import', 'Senior engineer', rows);
await server.stop();
if (profileOut) console.log(readFileSync(`${profileOut}.txt`, 'utf8'));
rmSync(work, { recursive: true, force: true });
