/**
 * Profiles Roster embedded under one wrk scenario: `bun bench/profile.ts get|patch [tenants] [seconds]`.
 * The profiler runs only during the wrk window (see window-profile.ts); the profile goes to
 * bench/.tmp/<kind>.cpuprofile and its summary (self time by file and function) is printed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuUs } from './measure';
import { startProcess } from './process';
import { seedTenants } from './seed';

const [kind = 'get', tenants = '20', seconds = '5'] = process.argv.slice(2);
const root = join(import.meta.dir, '..');
const dir = join(import.meta.dir, '.tmp');
mkdirSync(dir, { recursive: true });
const out = join(dir, kind);
const work = mkdtempSync(join(tmpdir(), 'roster-prof-'));
const server = await startProcess(
  [process.execPath, '--preload', join(import.meta.dir, 'window-profile.ts'), join(root, 'src/main.ts'), 'serve'],
  { HOST: '127.0.0.1', BENCH_PROFILE_OUT: out, ROSTER_DATA: join(work, 'd'), ROSTER_RATE_LIMITS: JSON.stringify({ standard: { principal: [1e8, 60], tenant: [1e8, 60] } }), ROSTER_SIGNUPS_PER_ADDRESS: '[100000000,60]', ROSTER_SIGNUPS_GLOBAL: '[100000000,60]', ROSTER_LOGIN_ADDRESS_RATE: '[100000000,60]' },
  root,
);
const seeded = await seedTenants(server.url, Number(tenants), work);
process.kill(server.pid, 'SIGUSR2');
await Bun.sleep(200);
const cpu0 = cpuUs(server.pid);
const res = spawnSync('wrk', ['-t1', '-c64', `-d${seconds}s`, '-s', join(import.meta.dir, 'wrk.lua'), server.url], {
  env: { ...process.env, BENCH_KIND: kind, BENCH_TARGETS: seeded.employees },
  encoding: 'utf8',
});
const cpu1 = cpuUs(server.pid);
process.kill(server.pid, 'SIGUSR2');
for (let i = 0; i < 100 && !existsSync(`${out}.txt`); i++) await Bun.sleep(100);
const r = JSON.parse(res.stdout.split('\n').find((l) => l.startsWith('{'))!);
console.log(`${kind}: ${Math.round((r.requests / r.durationUs) * 1e6)} req/s, ${((cpu1 - cpu0) / r.requests).toFixed(1)} CPU µs/request (profiler on)`);
await server.stop();
console.log(readFileSync(`${out}.txt`, 'utf8'));
