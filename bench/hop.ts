/**
 * The gateway-to-worker hop alone: GET and PATCH latency at one set load through 1 gateway
 * + 1 worker, and through embedded, in one run. `bun bench/hop.ts [rate] [seconds]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDistributed } from '../test/support/distributed-target';
import { serverEnv, startProcess } from './process';
import { seedTenants } from './seed';

const [rateArg = '4000', secondsArg = '6', connectionsArg = '8'] = process.argv.slice(2);
const root = join(import.meta.dir, '..');
const work = mkdtempSync(join(tmpdir(), 'roster-hop-'));

function wrk(url: string, kind: string, targets: string, rate: number) {
  const out = spawnSync('wrk', ['-t1', `-c${connectionsArg}`, `-d${secondsArg}s`, '-s', join(import.meta.dir, 'wrk.lua'), url], {
    env: { ...process.env, BENCH_KIND: kind, BENCH_TARGETS: targets, BENCH_RATE: String(rate), BENCH_CONNECTIONS: connectionsArg },
    encoding: 'utf8',
  });
  const r = JSON.parse(out.stdout.split('\n').find((l) => l.startsWith('{'))!);
  return { rps: Math.round((r.requests / r.durationUs) * 1e6), p50: r.p50Us / 1000, p99: r.p99Us / 1000 };
}

const rate = Number(rateArg);
const embedded = await startProcess([process.execPath, join(root, 'src/main.ts'), 'serve'], { ROSTER_DATA: join(work, 'e'), HOST: '127.0.0.1', ROSTER_RATE_LIMITS: JSON.stringify({ standard: { principal: [1e8, 60], tenant: [1e8, 60] } }), ROSTER_ACCESS_TOKEN_TTL: '3600' }, root);
const e = await seedTenants(embedded.url, 20, work, 5, 'e');
const d = await startDistributed({ gateways: 1, workers: 1, env: { ...serverEnv, ROSTER_LOG: 'info', ROSTER_ACCESS_TOKEN_TTL: '3600' } });
const ds = await seedTenants(d.baseUrl, 20, work, 5, 'd');
for (const kind of ['get', 'patch'] as const) {
  const r = kind === 'get' ? rate : Math.round(rate / 4);
  const a = wrk(embedded.url, kind, e.employees, r);
  const b = wrk(d.baseUrl, kind, ds.employees, r);
  console.log(`${kind} at ${r}/s: embedded p50 ${a.p50} p99 ${a.p99} (${a.rps}/s) | distributed p50 ${b.p50} p99 ${b.p99} (${b.rps}/s) | hop p50 +${(b.p50 - a.p50).toFixed(2)} ms, p99 +${(b.p99 - a.p99).toFixed(2)} ms`);
}
await d.close();
await embedded.stop();
