/**
 * Profiles one process of the distributed mode under GET load: `bun bench/profile-distributed.ts
 * gateway|worker [seconds]`. 1 gateway + 1 worker on a nats-server of their own, 20 tenants;
 * the profiler of the chosen process runs only during the wrk window (see window-profile.ts),
 * and the profile goes to bench/.tmp/distributed-<role>.cpuprofile with its summary (.txt),
 * which is printed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDistributed } from '../test/support/distributed-target';
import { cpuUs } from './measure';
import { seedTenants } from './seed';
import { distributedBenchEnv } from './distributed-env';

const [role = 'gateway', seconds = '6'] = process.argv.slice(2);
if (role !== 'gateway' && role !== 'worker') throw new Error('usage: bun bench/profile-distributed.ts gateway|worker [seconds]');
mkdirSync(join(import.meta.dir, '.tmp'), { recursive: true });
const out = join(import.meta.dir, '.tmp', `distributed-${role}`);
const work = mkdtempSync(join(tmpdir(), 'roster-prof-dist-'));
const d = await startDistributed({
  gateways: 1,
  workers: 1,
  preload: { [role]: join(import.meta.dir, 'window-profile.ts') },
  env: { ...distributedBenchEnv, BENCH_PROFILE_OUT: out },
});
try {
  const url = d.gateways[0]!.url!;
  const seeded = await seedTenants(url, 20, work, 5, 'dist');
  const load = (s: string) =>
    spawnSync('wrk', ['-t1', '-c64', `-d${s}s`, '-s', join(import.meta.dir, 'wrk.lua'), url], {
      env: { ...process.env, BENCH_KIND: 'get', BENCH_TARGETS: seeded.employees },
      encoding: 'utf8',
    });
  load('2'); // warm-up, not profiled
  const pid = (role === 'gateway' ? d.gateways[0] : d.workers[0])!.child.pid!;
  process.kill(pid, 'SIGUSR2');
  await Bun.sleep(200);
  const cpu0 = cpuUs(pid);
  const res = JSON.parse(load(seconds).stdout.split('\n').find((l) => l.startsWith('{'))!);
  const cpu = cpuUs(pid) - cpu0;
  process.kill(pid, 'SIGUSR2');
  await Bun.sleep(2000);
  console.log(`${role}: ${Math.round((res.requests / res.durationUs) * 1e6)} GET/s, ${(cpu / res.requests).toFixed(1)} CPU µs/GET in this process (profiler on), errors ${res.non2xx + res.socketErrors}`);
  console.log(readFileSync(`${out}.txt`, 'utf8'));
} finally {
  await d.close();
}
