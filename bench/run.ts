/**
 * `npm run bench`: the ceiling (bare Bun.serve) and Roster on this machine, in one run,
 * with wrk. Prints requests/s and p50/p99 per scenario with the ratio to the ceiling, and
 * appends the table, dated and with the machine, to bench/RESULTS.md.
 *
 *   npm run bench -- [--rounds 3] [--duration 8] [--warm-up 2] [--connections 64] [--tenants 100]
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDistributed } from '../test/support/distributed-target';
import { seedTenants } from './seed';
import { checkWrites, cpuUs, employeeCount, versionSum } from './measure';
import { serverEnv, startProcess, type Running } from './process';
import { startPostgres } from './postgres-server';
import { seedPostgres } from './postgres-seed';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '8' },
    /** Seconds of each scenario's load run first and not counted (0: none). */
    'warm-up': { type: 'string', default: '2' },
    connections: { type: 'string', default: '64' },
    tenants: { type: 'string', default: '100' },
    'skip-distributed': { type: 'boolean', default: false },
    /** Only these parts after the ceiling (comma-separated: embedded, deno, postgres, memory), to work on one. */
    only: { type: 'string', default: 'embedded,deno,postgres,memory' },
    'memory-tenants': { type: 'string', default: '10000' },
    'memory-mb': { type: 'string', default: '512' },
  },
});
const rounds = Number(args.rounds);
const parts = new Set(args.only!.split(','));
const duration = Number(args.duration);
const warmUpSeconds = Number(args['warm-up']);
const connections = Number(args.connections);
const root = join(import.meta.dir, '..');
const bun = process.execPath;
const work = mkdtempSync(join(tmpdir(), 'roster-bench-'));
// The benchmark measures the serving path, not the rate limiter refusing it: limits far above the load.
const unlimited = JSON.stringify({ standard: { principal: [100_000_000, 60], tenant: [100_000_000, 60] } });
/** The bench signs up its tenants and logs in at full speed from one address: the anonymous doors' limits are lifted. */
const openDoors = { ROSTER_SIGNUPS_PER_ADDRESS: '[100000000,60]', ROSTER_SIGNUPS_GLOBAL: '[100000000,60]', ROSTER_LOGIN_ADDRESS_RATE: '[100000000,60]' };

interface WrkResult {
  requests: number;
  durationUs: number;
  non2xx: number;
  socketErrors: number;
  p50Us: number;
  p99Us: number;
  /** CPU µs the server process(es) spent per request during the round, when measured. */
  cpuUsPerRequest?: number;
}
interface Row {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** The server's CPU µs per request (median round); less sensitive to a loaded machine than req/s. */
  cpu?: number;
  /** 2xx responses over all rounds: for writes, compared with the versions bumped. */
  acknowledged: number;
  ceiling: 'get' | 'post';
  /** Measured at a set load: its latency is the point, its ratio to the ceiling means nothing. */
  atRate?: boolean;
}

function ensureWrk() {
  if (spawnSync('sh', ['-c', 'command -v wrk']).status === 0) return;
  console.log('wrk is missing: installing it with apt-get');
  spawnSync('sh', ['-c', 'apt-get install -y -qq wrk || (apt-get update -qq && apt-get install -y -qq wrk)'], { stdio: 'inherit' });
  if (spawnSync('sh', ['-c', 'command -v wrk']).status !== 0) throw new Error('wrk could not be installed');
}

/** While a scenario warms up, wrk runs for the warm-up's seconds instead of a round's. */
let warming = false;

function wrkArgs(url: string, conns: number) {
  return ['-t1', `-c${conns}`, `-d${warming ? warmUpSeconds : duration}s`, '--timeout', '10s', '-s', join(import.meta.dir, 'wrk.lua'), url];
}

let wrkRuns = 0;
function wrkEnv(kind: string, targets: string, conns: number, rate = 0) {
  // BENCH_TAG makes every wrk process's PATCH titles its own, so no two writes send the same one.
  return { ...process.env, BENCH_KIND: kind, BENCH_TARGETS: targets, BENCH_CONNECTIONS: String(conns), BENCH_RATE: String(rate), BENCH_TAG: String(++wrkRuns) };
}

function parseWrk(stdout: string, stderr: string): WrkResult {
  const line = stdout.split('\n').find((l) => l.startsWith('{"requests"'));
  if (!line) throw new Error(`wrk failed: ${stderr || stdout}`);
  return JSON.parse(line);
}

/** One wrk run; with `pids`, also the CPU time those server processes spent in it, per request. */
function wrk(url: string, kind: string, targets: string, conns = connections, rate = 0, pids: number[] = []): WrkResult {
  const cpu = () => pids.reduce((sum, pid) => sum + cpuUs(pid), 0);
  const before = cpu();
  const out = spawnSync('wrk', wrkArgs(url, conns), { env: wrkEnv(kind, targets, conns, rate), encoding: 'utf8' });
  const result = parseWrk(out.stdout, out.stderr);
  if (pids.length && result.requests) result.cpuUsPerRequest = (cpu() - before) / result.requests;
  return result;
}

/**
 * Measures a PATCH scenario and checks afterwards that the versions bumped equal the writes
 * acknowledged (over all rounds): a benchmark of writes that change nothing measures nothing.
 */
async function measureWrites(scenario: string, baseUrl: string, targets: string, run: () => WrkResult | Promise<WrkResult>, times = rounds, conns = connections): Promise<Row> {
  await warmUp(run);
  const before = await versionSum(baseUrl, targets);
  const row = await measure(scenario, 'post', run, times, true);
  await Bun.sleep(500);
  console.log(`  ${checkWrites(scenario, row.acknowledged, (await versionSum(baseUrl, targets)) - before, conns * times)}`);
  return row;
}

/** One wrk per URL at once (several gateways), the connections split between them; sums rates, keeps the worst latencies. */
async function wrkSpread(urls: string[], kind: string, targets: string, conns = connections): Promise<WrkResult> {
  const runs = await Promise.all(
    urls.map(
      (url) =>
        new Promise<WrkResult>((resolve, reject) => {
          const share = Math.ceil(conns / urls.length);
          const child = spawn('wrk', wrkArgs(url, share), { env: wrkEnv(kind, targets, share) });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.stderr.on('data', (d) => (stderr += d));
          child.on('exit', () => {
            try {
              resolve(parseWrk(stdout, stderr));
            } catch (e) {
              reject(e);
            }
          });
        }),
    ),
  );
  return runs.reduce((a, b) => ({
    requests: a.requests + b.requests,
    durationUs: Math.max(a.durationUs, b.durationUs),
    non2xx: a.non2xx + b.non2xx,
    socketErrors: a.socketErrors + b.socketErrors,
    p50Us: Math.max(a.p50Us, b.p50Us),
    p99Us: Math.max(a.p99Us, b.p99Us),
  }));
}

/**
 * The scenario's load for the warm-up's seconds, not counted: the JIT compiles the code under
 * test on a thread of its own, which on two cores competes with the server and wrk (in a
 * round that starts cold it took a fifth of a create's CPU), where a server that has been up
 * a while runs compiled code. Its writes happen before a write scenario counts its versions:
 * it returns half a second after wrk, once its last requests (one a connection, still in
 * flight when wrk stopped) have landed, so that none is counted as a write of the rounds.
 */
async function warmUp(run: () => WrkResult | Promise<WrkResult>): Promise<void> {
  if (!warmUpSeconds) return;
  warming = true;
  try {
    await run();
  } finally {
    warming = false;
  }
  await Bun.sleep(500);
}

/** The median round by requests/s, so one noisy round does not set the figure; after a warm-up unless `warmed`. */
async function measure(scenario: string, ceiling: Row['ceiling'], run: () => WrkResult | Promise<WrkResult>, times = rounds, warmed = false): Promise<Row> {
  if (!warmed) await warmUp(run);
  const results: WrkResult[] = [];
  for (let r = 0; r < times; r++) {
    results.push(await run());
    process.stdout.write('.');
  }
  results.sort((a, b) => a.requests / a.durationUs - b.requests / b.durationUs);
  const m = results[Math.floor(results.length / 2)]!;
  const row: Row = {
    scenario,
    rps: Math.round((m.requests / m.durationUs) * 1e6),
    p50: m.p50Us / 1000,
    p99: m.p99Us / 1000,
    errors: m.non2xx + m.socketErrors,
    cpu: m.cpuUsPerRequest,
    acknowledged: results.reduce((sum, r) => sum + r.requests - r.non2xx, 0),
    ceiling,
  };
  const cpu = row.cpu === undefined ? '' : `, ${row.cpu.toFixed(1)} CPU µs/request`;
  console.log(` ${scenario}: ${row.rps} req/s${cpu}, p50 ${row.p50.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms, errors ${row.errors}`);
  return row;
}

async function main() {
  ensureWrk();
  const rows: Row[] = [];
  const dummyTargets = join(work, 'dummy.txt');
  writeFileSync(dummyTargets, 'x y\n');

  console.log(`bench: ${rounds} round(s) of ${duration}s, wrk -t1 -c${connections}`);
  const ceiling = await startProcess([bun, join(import.meta.dir, 'ceiling.ts')], {}, root);
  rows.push(await measure('ceiling GET (Bun.serve, constant JSON)', 'get', () => wrk(ceiling.url, 'ceiling-get', dummyTargets, connections, 0, [ceiling.pid])));
  rows.push(await measure('ceiling POST (Bun.serve, reads body)', 'post', () => wrk(ceiling.url, 'ceiling-post', dummyTargets, connections, 0, [ceiling.pid])));
  await ceiling.stop();

  if (parts.has('embedded')) rows.push(...(await embeddedRows()));
  if (parts.has('deno')) rows.push(...(await denoRows()));
  if (parts.has('postgres')) rows.push(...(await postgresRows()));
  const memory = parts.has('memory') ? memoryFigures() : undefined;

  report(rows, memory);
  rmSync(work, { recursive: true, force: true });
}

/** Roster embedded on Bun: GET and PATCH over many tenants, PATCH on one, login, and the set-load rows beside distributed's. */
async function embeddedRows(): Promise<Row[]> {
  const rows: Row[] = [];
  const embedded = await startProcess([bun, join(root, 'src/main.ts'), 'serve'], {
    ROSTER_DATA: join(work, 'embedded'),
    ROSTER_ACCESS_TOKEN_TTL: '3600',
    ROSTER_RATE_LIMITS: unlimited,
    ...openDoors,
    HOST: '127.0.0.1',
  }, root);
  try {
    const seeded = await seedTenants(embedded.url, Number(args.tenants), work);
    const pids = [embedded.pid];
    const get = await measure('embedded GET /v1/employees/:id', 'get', () => wrk(embedded.url, 'get', seeded.employees, connections, 0, pids));
    const patch = await measureWrites('embedded PATCH /v1/employees/:id', embedded.url, seeded.employees, () => wrk(embedded.url, 'patch', seeded.employees, connections, 0, pids));
    rows.push(get, patch);
    // The same PATCH load on one company: concurrent commands share commits (group commit).
    const one = await seedTenants(embedded.url, 1, work, 500, 'one-tenant');
    rows.push(await measureWrites('embedded PATCH, all load on 1 tenant', embedded.url, one.employees, () => wrk(embedded.url, 'patch', one.employees, connections, 0, pids)));
    // Creates on that company: each a new record, its history row and its leave ledger, counted after.
    const creating = () => wrk(embedded.url, 'create', one.employees, connections, 0, pids);
    await warmUp(creating);
    const created = await employeeCount(embedded.url, one.employees);
    const create = await measure('embedded POST /v1/employees (create), all load on 1 tenant', 'post', creating, rounds, true);
    await Bun.sleep(500);
    console.log(`  ${checkWrites(create.scenario, create.acknowledged, (await employeeCount(embedded.url, one.employees)) - created, connections * rounds, 'employees created')}`);
    rows.push(create);
    // A login is one scrypt hash (32 MiB, ~0.1 s of one core) by design: few connections, one round.
    rows.push(await measure('embedded POST /v1/auth/login', 'post', () => wrk(embedded.url, 'login', seeded.logins, 8, 0, pids), 1));
    if (!args['skip-distributed']) {
      rows.push(
        ...(await distributedRows(async (kind, rate, conns = connections) => {
          const at = conns === 1 ? `embedded ${kind.toUpperCase()} at 1 connection` : `embedded ${kind.toUpperCase()} at ${rate} req/s`;
          const run = () => wrk(embedded.url, kind, seeded.employees, conns, rate, pids);
          return kind === 'patch' ? measureWrites(at, embedded.url, seeded.employees, run, 1, conns) : measure(at, 'get', run, 1);
        })),
      );
    }
  } finally {
    await embedded.stop();
  }
  return rows;
}

/**
 * Roster embedded on Deno (src/deno.ts, node:sqlite), with the permissions the README lists:
 * the same GET and PATCH as the Bun rows, so the two runtimes can be chosen with figures.
 */
async function denoRows(): Promise<Row[]> {
  const data = join(work, 'deno');
  mkdirSync(data, { recursive: true });
  const modules = realpathSync(join(root, 'node_modules'));
  const deno = await startProcess(
    [join(modules, '.bin/deno'), 'run', '--allow-net', '--allow-env=PORT,HOST,ROSTER_*', `--allow-read=${data},${modules}`, `--allow-write=${data}`, join(root, 'src/deno.ts'), 'serve'],
    { ROSTER_DATA: data, ROSTER_ACCESS_TOKEN_TTL: '3600', ROSTER_RATE_LIMITS: unlimited, ...openDoors, HOST: '127.0.0.1' },
    root,
  );
  try {
    const seeded = await seedTenants(deno.url, Number(args.tenants), work, 5, 'deno');
    const pids = [deno.pid];
    return [
      await measure('Deno embedded GET /v1/employees/:id', 'get', () => wrk(deno.url, 'get', seeded.employees, connections, 0, pids)),
      await measureWrites('Deno embedded PATCH /v1/employees/:id', deno.url, seeded.employees, () => wrk(deno.url, 'patch', seeded.employees, connections, 0, pids)),
    ];
  } finally {
    await deno.stop();
  }
}

interface MemoryFigures {
  tenants: number;
  employeesRead: number;
  bytesPerResident: number;
  residentsMeasured: number;
  peakRssAboveStart: number;
  budget: number;
  residentAtEnd: number;
  passivations: number;
  coldP50Ms: number;
  coldP99Ms: number;
  seedSeconds: number;
}

/**
 * Memory per tenant (bench/memory.ts): 10,000 companies of 5 employees seeded, then each read
 * once by a fresh process under ROSTER_ACTOR_MEMORY_MB: RSS per resident tenant, the peak RSS
 * against the budget, cold activation p50/p99.
 */
function memoryFigures(): MemoryFigures {
  const dir = join(work, 'memory');
  mkdirSync(dir, { recursive: true });
  const count = args['memory-tenants']!;
  const step = (mode: string, env: Record<string, string> = {}) => {
    const out = spawnSync(bun, [join(import.meta.dir, 'memory.ts'), mode, dir, count], { cwd: root, env: { ...process.env, ...serverEnv, ...env }, encoding: 'utf8' });
    const line = out.stdout.split('\n').find((l) => l.startsWith('{'));
    if (out.status !== 0 || !line) throw new Error(`bench/memory.ts ${mode} failed: ${out.stderr}`);
    return JSON.parse(line);
  };
  process.stdout.write(`memory: seeding ${count} tenants`);
  const seeded = step('seed');
  process.stdout.write(` (${seeded.seconds.toFixed(0)} s), reading each once under a ${args['memory-mb']} MiB budget`);
  const figures: MemoryFigures = { ...step('touch', { ROSTER_ACTOR_MEMORY_MB: args['memory-mb']! }), seedSeconds: seeded.seconds };
  rmSync(dir, { recursive: true, force: true });
  console.log(` done: ${(figures.bytesPerResident / 1024).toFixed(0)} KB per resident tenant, peak ${(figures.peakRssAboveStart / 2 ** 20).toFixed(0)} MiB above start, cold activation p50 ${figures.coldP50Ms.toFixed(1)} ms, p99 ${figures.coldP99Ms.toFixed(1)} ms`);
  return figures;
}

/**
 * The peer: what a team would build instead (bench/postgres-peer.ts, Hono + postgres.js +
 * one PostgreSQL for every company), the same GET and PATCH in the same run. PostgreSQL is
 * started here from Debian's binaries in a folder of its own, and stopped after.
 */
async function postgresRows(): Promise<Row[]> {
  const pg = await startPostgres();
  if (typeof pg === 'string') {
    console.log(`skipping the PostgreSQL peer: ${pg}`);
    return [];
  }
  const secret = 'bench-peer-secret-0123456789abcdef';
  try {
    const targets = await seedPostgres(pg, secret, Number(args.tenants), work);
    const peer = await startProcess([bun, join(import.meta.dir, 'postgres-peer.ts')], { PG_HOST: pg.socketDir, PG_PORT: String(pg.port), BENCH_JWT_SECRET: secret }, root);
    try {
      // A short warm-up opens the pool's connections, so that the CPU counted below is the
      // server's and every PostgreSQL process's serving them (a backend per connection).
      wrk(peer.url, 'get', targets, connections, 0, []);
      const pids = [peer.pid, ...pg.pids()];
      const label = 'peer: Hono + postgres.js (pool 10) + PostgreSQL';
      return [
        await measure(`${label} GET`, 'get', () => wrk(peer.url, 'get', targets, connections, 0, pids)),
        await measureWrites(`${label} PATCH`, peer.url, targets, () => wrk(peer.url, 'patch', targets, connections, 0, pids)),
      ];
    } finally {
      await peer.stop();
    }
  } finally {
    pg.stop();
  }
}

/**
 * Distributed mode on this machine: 1 gateway + 1 worker, then 2 + 2, on one nats-server.
 * The hop's cost is the latency difference with embedded at the same set load: half of the
 * distributed peak (half of embedded's is beyond what 3 processes and wrk get from 2 cores).
 */
async function distributedRows(embeddedAt: (kind: 'get' | 'patch', rate: number, conns?: number) => Promise<Row>): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [g, w] of [
    [1, 1],
    [2, 2],
  ] as const) {
    // The test harness starts Roster as the contract suite wants it (every reply checked against
    // its schema); a benchmark measures it as it runs in production.
    const d = await startDistributed({ gateways: g, workers: w, env: { ...serverEnv, ROSTER_CHECK_REPLIES: 'false', ROSTER_LOG: 'info', ROSTER_SCRYPT_LOG_N: '15', ROSTER_ACCESS_TOKEN_TTL: '3600', ROSTER_RATE_LIMITS: unlimited, ...openDoors } });
    try {
      const urls = d.gateways.map((x) => x.url!);
      const seeded = await seedTenants(urls[0]!, Number(args.tenants), work, 5, `dist-${g}`);
      const label = `distributed ${g}g+${w}w`;
      // CPU µs/req over every gateway and worker (not nats-server).
      const pids = [...d.gateways, ...d.workers].map((p) => p.child.pid!);
      const spread = (kind: string) => async () => {
        const cpu = () => pids.reduce((sum, pid) => sum + cpuUs(pid), 0);
        const before = cpu();
        const result = await wrkSpread(urls, kind, seeded.employees);
        return { ...result, cpuUsPerRequest: result.requests ? (cpu() - before) / result.requests : undefined };
      };
      const get = await measure(`${label} GET /v1/employees/:id`, 'get', spread('get'), 1);
      const patch = await measureWrites(`${label} PATCH /v1/employees/:id`, urls[0]!, seeded.employees, spread('patch'), 1);
      rows.push(get, patch);
      if (g === 1) {
        // The hop alone: one connection, one request at a time, so nothing queues; what the
        // gateway adds is the difference with embedded at one connection too.
        const hopped = await measure(`${label} GET at 1 connection`, 'get', () => wrk(urls[0]!, 'get', seeded.employees, 1, 0, pids), 1);
        const direct = await embeddedAt('get', 0, 1);
        rows.push(hopped, direct, { scenario: 'hop added by the gateway (GET, 1 connection: distributed − embedded)', rps: NaN, p50: hopped.p50 - direct.p50, p99: hopped.p99 - direct.p99, errors: 0, cpu: hopped.cpu !== undefined && direct.cpu !== undefined ? hopped.cpu - direct.cpu : undefined, acknowledged: 0, ceiling: 'get', atRate: true });
        for (const [kind, peak] of [['get', get.rps], ['patch', patch.rps]] as const) {
          const rate = Math.round(peak / 2);
          const at = `${label} ${kind.toUpperCase()} at ${rate} req/s`;
          rows.push(kind === 'patch' ? await measureWrites(at, urls[0]!, seeded.employees, () => wrk(urls[0]!, kind, seeded.employees, connections, rate), 1) : await measure(at, kind === 'get' ? 'get' : 'post', () => wrk(urls[0]!, kind, seeded.employees, connections, rate), 1));
          rows.push(await embeddedAt(kind, rate));
        }
      }
    } finally {
      await d.close();
    }
  }
  return rows;
}

function memoryTable(m: MemoryFigures): string {
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  return [
    '| memory (bench/memory.ts) | figure | target |',
    '|---|---:|---:|',
    `| tenants touched (5 employees each, ${m.employeesRead.toLocaleString('en-US')} employees read back) | ${m.tenants.toLocaleString('en-US')} | 10,000 |`,
    `| RSS per resident tenant (slope over the first ${m.residentsMeasured.toLocaleString('en-US')} residents, after GC) | ${(m.bytesPerResident / 1024).toFixed(0)} KB | ≤ 150 KB |`,
    `| peak RSS above start / ROSTER_ACTOR_MEMORY_MB | ${mib(m.peakRssAboveStart)} / ${mib(m.budget)} (${m.peakRssAboveStart <= m.budget ? 'within' : 'over'}) | within |`,
    `| resident at the end / passivated by the budget | ${m.residentAtEnd.toLocaleString('en-US')} / ${m.passivations.toLocaleString('en-US')} | |`,
    `| cold activation p50 / p99 | ${m.coldP50Ms.toFixed(1)} / ${m.coldP99Ms.toFixed(1)} ms | p99 < 20 ms |`,
  ].join('\n');
}

function report(rows: Row[], memory?: MemoryFigures) {
  const ceil = { get: rows[0]!.rps, post: rows[1]!.rps };
  const lines = [
    '| scenario | req/s | CPU µs/req | p50 ms | p99 ms | vs ceiling | errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${Number.isNaN(r.rps) ? '—' : r.rps.toLocaleString('en-US')} | ${r.cpu === undefined ? '—' : r.cpu.toFixed(1)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.scenario.includes(' at ') || r.atRate ? '—' : (r.rps / ceil[r.ceiling]).toFixed(2)} | ${r.errors} |`,
    ),
  ];
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const machine = `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} GiB free), Bun ${Bun.version}`;
  const heading = `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${machine}`;
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  const settings = `wrk -t1 -c${connections}, ${duration}s per round after ${warmUpSeconds}s of the same load not counted, median of ${rounds} round(s); ${args.tenants} tenants × 5 employees; login at 8 connections, one round. Every PATCH changes the title, checked against the versions bumped. CPU µs/req: the server process (for the peer, PostgreSQL's processes too), from /proc. Load average at the end: ${load}${loadavg()[0]! > cpus().length ? ' (a loaded machine: figures are noise, ratios only)' : ''}.`;
  const table = `${heading}\n\n${settings}\n\n${lines.join('\n')}\n${memory ? `\n${memoryTable(memory)}\n` : ''}`;
  console.log(`\n${table}`);
  appendFileSync(join(import.meta.dir, 'RESULTS.md'), `\n${table}`);
}

export type { Running };
await main();
