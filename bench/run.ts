/**
 * `npm run bench`: the ceiling (bare Bun.serve) and Roster on this machine, in one run,
 * with wrk. Prints requests/s and p50/p99 per scenario with the ratio to the ceiling, and
 * appends the table, dated and with the machine, to bench/RESULTS.md.
 *
 *   npm run bench -- [--rounds 3] [--duration 8] [--connections 64] [--tenants 100]
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { seedTenants } from './seed';
import { startProcess, type Running } from './process';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '64' },
    tenants: { type: 'string', default: '100' },
  },
});
const rounds = Number(args.rounds);
const duration = Number(args.duration);
const connections = Number(args.connections);
const root = join(import.meta.dir, '..');
const bun = process.execPath;
const work = mkdtempSync(join(tmpdir(), 'roster-bench-'));

interface WrkResult {
  requests: number;
  durationUs: number;
  non2xx: number;
  socketErrors: number;
  p50Us: number;
  p99Us: number;
}
interface Row {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  ceiling: 'get' | 'post';
}

function ensureWrk() {
  if (spawnSync('sh', ['-c', 'command -v wrk']).status === 0) return;
  console.log('wrk is missing: installing it with apt-get');
  spawnSync('sh', ['-c', 'apt-get install -y -qq wrk || (apt-get update -qq && apt-get install -y -qq wrk)'], { stdio: 'inherit' });
  if (spawnSync('sh', ['-c', 'command -v wrk']).status !== 0) throw new Error('wrk could not be installed');
}

function wrk(url: string, kind: string, targets: string, conns = connections): WrkResult {
  const out = spawnSync(
    'wrk',
    ['-t1', `-c${conns}`, `-d${duration}s`, '--timeout', '10s', '-s', join(import.meta.dir, 'wrk.lua'), url],
    { env: { ...process.env, BENCH_KIND: kind, BENCH_TARGETS: targets }, encoding: 'utf8' },
  );
  const line = out.stdout.split('\n').find((l) => l.startsWith('{"requests"'));
  if (!line) throw new Error(`wrk failed: ${out.stderr || out.stdout}`);
  return JSON.parse(line);
}

/** The median round by requests/s, so one noisy round does not set the figure. */
function measure(scenario: string, ceiling: Row['ceiling'], run: () => WrkResult, times = rounds): Row {
  const results: WrkResult[] = [];
  for (let r = 0; r < times; r++) {
    results.push(run());
    process.stdout.write('.');
  }
  results.sort((a, b) => a.requests / a.durationUs - b.requests / b.durationUs);
  const m = results[Math.floor(results.length / 2)]!;
  const row = {
    scenario,
    rps: Math.round((m.requests / m.durationUs) * 1e6),
    p50: m.p50Us / 1000,
    p99: m.p99Us / 1000,
    errors: m.non2xx + m.socketErrors,
    ceiling,
  };
  console.log(` ${scenario}: ${row.rps} req/s, p50 ${row.p50.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms, errors ${row.errors}`);
  return row;
}

async function main() {
  ensureWrk();
  const rows: Row[] = [];
  const dummyTargets = join(work, 'dummy.txt');
  writeFileSync(dummyTargets, 'x y\n');

  console.log(`bench: ${rounds} round(s) of ${duration}s, wrk -t1 -c${connections}`);
  const ceiling = await startProcess([bun, join(import.meta.dir, 'ceiling.ts')], {}, root);
  rows.push(measure('ceiling GET (Bun.serve, constant JSON)', 'get', () => wrk(ceiling.url, 'ceiling-get', dummyTargets)));
  rows.push(measure('ceiling POST (Bun.serve, reads body)', 'post', () => wrk(ceiling.url, 'ceiling-post', dummyTargets)));
  await ceiling.stop();

  const embedded = await startProcess([bun, join(root, 'src/main.ts'), 'serve'], {
    ROSTER_DATA: join(work, 'embedded'),
    ROSTER_ACCESS_TOKEN_TTL: '3600',
    HOST: '127.0.0.1',
  }, root);
  try {
    const seeded = await seedTenants(embedded.url, Number(args.tenants), work);
    rows.push(measure('embedded GET /v1/employees/:id', 'get', () => wrk(embedded.url, 'get', seeded.employees)));
    rows.push(measure('embedded PATCH /v1/employees/:id', 'post', () => wrk(embedded.url, 'patch', seeded.employees)));
    // A login is one scrypt hash (32 MiB, ~0.1 s of one core) by design: few connections, one round.
    rows.push(measure('embedded POST /v1/auth/login', 'post', () => wrk(embedded.url, 'login', seeded.logins, 8), 1));
  } finally {
    await embedded.stop();
  }

  report(rows);
  rmSync(work, { recursive: true, force: true });
}

function report(rows: Row[]) {
  const ceil = { get: rows[0]!.rps, post: rows[1]!.rps };
  const lines = [
    '| scenario | req/s | p50 ms | p99 ms | vs ceiling | errors |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.rps.toLocaleString('en-US')} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${(r.rps / ceil[r.ceiling]).toFixed(2)} | ${r.errors} |`,
    ),
  ];
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const machine = `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} GiB free), Bun ${Bun.version}`;
  const heading = `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${machine}`;
  const settings = `wrk -t1 -c${connections}, ${duration}s per round, median of ${rounds} round(s); ${args.tenants} tenants × 5 employees; login at 8 connections, one round.`;
  const table = `${heading}\n\n${settings}\n\n${lines.join('\n')}\n`;
  console.log(`\n${table}`);
  appendFileSync(join(import.meta.dir, 'RESULTS.md'), `\n${table}`);
}

export type { Running };
await main();
