/**
 * What one change buys, on a loaded machine: two checkouts of Roster (before and after, e.g.
 * a `git worktree` of the parent commit) served side by side, wrk rounds interleaved A B A B,
 * the median requests/s and server CPU µs per request of each, and their ratio. A round fails
 * on any error reply, and unless its PATCHes bumped as many versions (its creates made as many
 * employees) as were acknowledged.
 *
 *   bun bench/ab.ts <checkout A> <checkout B> [get|patch|create] [rounds] [seconds]   (BENCH_TENANTS=20)
 *
 * BENCH_RUNTIME=deno serves both on Deno (src/deno.ts) instead of Bun. BENCH_ENV_A and BENCH_ENV_B
 * (JSON objects) add settings to one side: one checkout against itself with a setting changed,
 * e.g. BENCH_ENV_A='{"MIMALLOC_PURGE_DELAY":null}' (Bun's allocator as Bun sets it, against npm start's;
 * null leaves a setting out).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkWrites, cpuUs, employeeCount, versionSum } from './measure';
import { startProcess } from './process';
import { seedTenants } from './seed';

const [a, b, kind = 'get', roundsArg = '6', seconds = '3'] = process.argv.slice(2);
if (!a || !b) throw new Error('usage: bun bench/ab.ts <checkout A> <checkout B> [get|patch] [rounds] [seconds]');
// Creates are counted on the first token's company, so they are measured on one (as bench/run.ts does).
if (kind === 'create' && Number(process.env.BENCH_TENANTS ?? 20) !== 1) throw new Error('creates: set BENCH_TENANTS=1');
const work = mkdtempSync(join(tmpdir(), 'roster-ab-'));
const env = { HOST: '127.0.0.1', ROSTER_ACCESS_TOKEN_TTL: '3600', ROSTER_RATE_LIMITS: JSON.stringify({ standard: { principal: [1e8, 60], tenant: [1e8, 60] } }), ROSTER_SIGNUPS_PER_ADDRESS: '[100000000,60]', ROSTER_SIGNUPS_GLOBAL: '[100000000,60]', ROSTER_LOGIN_ADDRESS_RATE: '[100000000,60]' };
const sides = await Promise.all(
  [a, b].map(async (root, i) => {
    const data = join(work, `d${i}`);
    const command =
      process.env.BENCH_RUNTIME === 'deno'
        ? [join(root, 'node_modules/.bin/deno'), 'run', '--allow-net', '--allow-env=PORT,HOST,ROSTER_*', `--allow-read=${work},${realpathSync(join(root, 'node_modules'))}`, `--allow-write=${work}`, join(root, 'src/deno.ts'), 'serve']
        : [process.execPath, join(root, 'src/main.ts'), 'serve'];
    const own = JSON.parse(process.env[i === 0 ? 'BENCH_ENV_A' : 'BENCH_ENV_B'] ?? '{}') as Record<string, string | null>;
    const server = await startProcess(command, { ...env, ...own, ROSTER_DATA: data }, root);
    const seeded = await seedTenants(server.url, Number(process.env.BENCH_TENANTS ?? 20), work, 5, `ab${i}`);
    return { root, server, targets: seeded.employees, rps: [] as number[], cpu: [] as number[] };
  }),
);
let tag = 0;
for (let r = 0; r < Number(roundsArg); r++) {
  for (const side of r % 2 ? [...sides].reverse() : sides) {
    // What the round's writes should leave behind, checked after it as bench/run.ts does.
    const done = kind === 'patch' ? () => versionSum(side.server.url, side.targets) : kind === 'create' ? () => employeeCount(side.server.url, side.targets) : undefined;
    const wrote = await done?.();
    const before = cpuUs(side.server.pid);
    const out = spawnSync('wrk', ['-t1', '-c64', `-d${seconds}s`, '-s', join(import.meta.dir, 'wrk.lua'), side.server.url], {
      env: { ...process.env, BENCH_KIND: kind, BENCH_TARGETS: side.targets, BENCH_TAG: `ab${++tag}` },
      encoding: 'utf8',
    });
    const res = JSON.parse(out.stdout.split('\n').find((l) => l.startsWith('{'))!);
    const cpu = cpuUs(side.server.pid) - before;
    if (res.non2xx + res.socketErrors > 0) throw new Error(`${side.root}: ${res.non2xx} non-2xx replies and ${res.socketErrors} socket errors in a round`);
    if (done) checkWrites(`${side.root} ${kind}`, res.requests, (await done()) - wrote!, 64, kind === 'create' ? 'employees created' : 'versions bumped');
    side.rps.push((res.requests / res.durationUs) * 1e6);
    side.cpu.push(cpu / res.requests);
  }
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const [A, B] = sides.map((s) => ({ root: s.root, rps: median(s.rps), cpu: median(s.cpu) }));
for (const s of [A!, B!]) console.log(`${s.root}: ${Math.round(s.rps)} req/s, ${s.cpu.toFixed(1)} CPU µs/req`);
console.log(`B/A: req/s ×${(B!.rps / A!.rps).toFixed(3)}, CPU µs/req ×${(B!.cpu / A!.cpu).toFixed(3)}`);
await Promise.all(sides.map((s) => s.server.stop()));
