/**
 * Where a server's CPU goes by thread, under one wrk scenario:
 * `bun bench/threads.ts get|patch|create [tenants] [seconds]`. Prints, per thread of the
 * Roster process (the event loop, the checkpointer, Bun's own), its user and system CPU µs
 * per request during the wrk window, and its minor page faults, from /proc/<pid>/task/<tid>/stat.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess } from './process';
import { seedTenants } from './seed';

const [kind = 'get', tenants = '20', seconds = '5'] = process.argv.slice(2);
const root = join(import.meta.dir, '..');
const work = mkdtempSync(join(tmpdir(), 'roster-threads-'));
const server = await startProcess(
  [process.execPath, join(root, 'src/main.ts'), 'serve'],
  { HOST: '127.0.0.1', ROSTER_DATA: join(work, 'd'), ROSTER_RATE_LIMITS: JSON.stringify({ standard: { principal: [1e8, 60], tenant: [1e8, 60] } }), ROSTER_SIGNUPS_PER_ADDRESS: '[100000000,60]', ROSTER_SIGNUPS_GLOBAL: '[100000000,60]', ROSTER_LOGIN_ADDRESS_RATE: '[100000000,60]' },
  root,
);
const seeded = await seedTenants(server.url, Number(tenants), work);
const tick = 1e6 / 100; // µs per clock tick (USER_HZ)
/** user and system µs of every thread of the server, by thread id and name. */
const threads = () => {
  const out = new Map<string, { user: number; sys: number; faults: number }>();
  for (const tid of readdirSync(`/proc/${server.pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${server.pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(`${tid} ${name}`, { user: Number(f[11]) * tick, sys: Number(f[12]) * tick, faults: Number(f[7]) });
    } catch {} // a thread that ended between the listing and the read
  }
  return out;
};
const before = threads();
const res = spawnSync('wrk', ['-t1', '-c64', `-d${seconds}s`, '-s', join(import.meta.dir, 'wrk.lua'), server.url], {
  env: { ...process.env, BENCH_KIND: kind, BENCH_TARGETS: seeded.employees },
  encoding: 'utf8',
});
const after = threads();
const r = JSON.parse(res.stdout.split('\n').find((l) => l.startsWith('{'))!);
console.log(`${kind}: ${Math.round((r.requests / r.durationUs) * 1e6)} req/s, ${r.requests} requests`);
let user = 0;
let sys = 0;
let faults = 0;
for (const [key, t] of after) {
  const b = before.get(key) ?? { user: 0, sys: 0, faults: 0 };
  const u = (t.user - b.user) / r.requests;
  const s = (t.sys - b.sys) / r.requests;
  const pf = (t.faults - b.faults) / r.requests;
  user += u;
  sys += s;
  faults += pf;
  if (u + s >= 0.5) console.log(`  ${key.padEnd(24)} user ${u.toFixed(1).padStart(6)}  sys ${s.toFixed(1).padStart(6)} µs/request, ${pf.toFixed(2)} page faults/request`);
}
console.log(`  ${'all threads'.padEnd(24)} user ${user.toFixed(1).padStart(6)}  sys ${sys.toFixed(1).padStart(6)} µs/request, ${faults.toFixed(2)} page faults/request`);
await server.stop();
