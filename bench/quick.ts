/**
 * A quick single-scenario probe: `bun bench/quick.ts get|patch [tenants] [seconds]`. Prints
 * requests/s and the server's CPU µs per request; for patch, checks that every acknowledged
 * write bumped a version. Uses the caller's env.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkWrites, cpuUs, versionSum } from './measure';
import { startProcess } from './process';
import { seedTenants } from './seed';

const [kind = 'get', tenants = '20', seconds = '4'] = process.argv.slice(2);
const root = join(import.meta.dir, '..');
const work = mkdtempSync(join(tmpdir(), 'roster-quick-'));
const server = await startProcess([process.execPath, join(root, 'src/main.ts'), 'serve'], { ROSTER_DATA: join(work, 'd'), HOST: '127.0.0.1', ROSTER_RATE_LIMITS: JSON.stringify({ standard: { principal: [1e8, 60], tenant: [1e8, 60] } }), ROSTER_SIGNUPS_PER_ADDRESS: '[100000000,60]', ROSTER_SIGNUPS_GLOBAL: '[100000000,60]', ROSTER_LOGIN_ADDRESS_RATE: '[100000000,60]' }, root);
const seeded = await seedTenants(server.url, Number(tenants), work);
const targets = kind === 'login' ? seeded.logins : seeded.employees;
const before = kind === 'patch' ? await versionSum(server.url, targets) : 0;
const cpu0 = cpuUs(server.pid);
const out = spawnSync('wrk', ['-t1', '-c64', `-d${seconds}s`, '-s', join(import.meta.dir, 'wrk.lua'), server.url], {
  env: { ...process.env, BENCH_KIND: kind, BENCH_TARGETS: targets },
  encoding: 'utf8',
});
const cpu1 = cpuUs(server.pid);
const r = JSON.parse(out.stdout.split('\n').find((l) => l.startsWith('{'))!);
console.log(kind, Math.round((r.requests / r.durationUs) * 1e6), 'req/s', 'CPU µs/req', ((cpu1 - cpu0) / r.requests).toFixed(1), 'p50', r.p50Us / 1000, 'p99', r.p99Us / 1000, 'errors', r.non2xx + r.socketErrors);
if (kind === 'patch') {
  await Bun.sleep(300);
  console.log(checkWrites('patch', r.requests - r.non2xx, (await versionSum(server.url, targets)) - before, 64));
}
await server.stop();
