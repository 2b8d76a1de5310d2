/**
 * Profiles Roster embedded under one wrk scenario: `bun bench/profile.ts get|patch`.
 * Writes a markdown CPU profile (Bun --cpu-prof-md) to bench/.tmp/ and prints its top.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './process';
import { seedTenants } from './seed';

const kind = process.argv[2] ?? 'get';
const root = join(import.meta.dir, '..');
const out = join(import.meta.dir, '.tmp');
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'roster-prof-'));
const port = await freePort();
const child = spawn(
  process.execPath,
  ['--cpu-prof-md', '--cpu-prof-interval=200', `--cpu-prof-dir=${out}`, `--cpu-prof-name=${kind}.md`, join(root, 'src/main.ts'), 'serve'],
  { cwd: root, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ROSTER_RATE_LIMITS: JSON.stringify({ standard: { principal: [1e8, 60], tenant: [1e8, 60] } }), ROSTER_DATA: join(work, 'd') }, stdio: 'ignore' },
);
const url = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) {
  if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
  await Bun.sleep(100);
}
const seeded = await seedTenants(url, Number(process.argv[3] ?? 20), work);
spawnSync('wrk', ['-t1', '-c64', '-d5s', '-s', join(import.meta.dir, 'wrk.lua'), url], {
  env: { ...process.env, BENCH_KIND: kind, BENCH_TARGETS: seeded.employees },
  stdio: 'inherit',
});
child.kill('SIGINT');
await new Promise((r) => child.once('exit', r));
const file = readdirSync(out).find((f) => f.startsWith(kind));
console.log(readFileSync(join(out, file!), 'utf8').split('\n').slice(0, 80).join('\n'));
