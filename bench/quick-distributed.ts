/**
 * A quick probe of the distributed mode: 1 gateway + 1 worker on a nats-server of their own,
 * 20 tenants, wrk GET rounds. `bun bench/quick-distributed.ts [seconds] [rounds]`. Prints
 * requests/s and the CPU µs per request of the gateway and of the worker, each from /proc, as
 * the production configuration runs (the contract suite's reply checking off).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDistributed } from '../test/support/distributed-target';
import { cpuUs } from './measure';
import { seedTenants } from './seed';
import { distributedBenchEnv } from './distributed-env';

const [seconds = '4', rounds = '3'] = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'roster-quick-dist-'));
const d = await startDistributed({
  gateways: 1,
  workers: 1,
  env: distributedBenchEnv,
});
try {
  const url = d.gateways[0]!.url!;
  const seeded = await seedTenants(url, 20, work, 5, 'dist');
  const pids = [d.gateways[0]!.child.pid!, d.workers[0]!.child.pid!];
  for (let r = 0; r < Number(rounds); r++) {
    const before = pids.map(cpuUs);
    const out = spawnSync('wrk', ['-t1', '-c64', `-d${seconds}s`, '-s', join(import.meta.dir, 'wrk.lua'), url], {
      env: { ...process.env, BENCH_KIND: 'get', BENCH_TARGETS: seeded.employees },
      encoding: 'utf8',
    });
    const res = JSON.parse(out.stdout.split('\n').find((l) => l.startsWith('{'))!);
    const [gateway, worker] = pids.map((pid, i) => ((cpuUs(pid) - before[i]!) / res.requests).toFixed(1));
    console.log(`round ${r}: ${Math.round((res.requests / res.durationUs) * 1e6)} GET/s, CPU µs/GET gateway ${gateway}, worker ${worker}, errors ${res.non2xx + res.socketErrors}`);
  }
} finally {
  await d.close();
}
