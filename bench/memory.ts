/**
 * Memory per tenant and cold activation, in two processes over one data folder:
 *
 *   bun bench/memory.ts seed  <dir> <tenants>   companies with an owner and 5 employees each:
 *                                               100 through the actors' own commands (no HTTP,
 *                                               scrypt at its minimum cost), the rest copies of
 *                                               their database files under new tenant ids (a
 *                                               sign-up costs ~0.1 s of CPU, 10,000 would take
 *                                               longer than the whole benchmark)
 *   bun bench/memory.ts touch <dir> <tenants>   a fresh process (what a restarted server sees)
 *                                               sends every company one read, its first: a cold
 *                                               activation each, timed, and checks the reply
 *                                               holds the 5 employees seeded
 *
 * `touch` runs with ROSTER_ACTOR_MEMORY_MB as set by the caller and prints one JSON line: the
 * RSS per resident tenant (the slope of RSS over residents before the budget is reached, after
 * a full GC), the highest RSS above the starting one against the budget, and cold activation
 * p50/p99. bench/run.ts runs both.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { ulid } from 'ulidx';
import { join } from 'node:path';
import type { Principal } from '../actors/core/principal';
import { systemPrincipal } from '../actors/core/principal';
import { directoryAddress } from '../actors/directory/state';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { createEmbedded } from '../src/runtime/embedded';
import '../src/runtime/bun-platform';

const [mode, dir, countArg] = process.argv.slice(2);
if ((mode !== 'seed' && mode !== 'touch') || !dir || !countArg) throw new Error('usage: bun bench/memory.ts seed|touch <dir> <tenants>');
const count = Number(countArg);
const perTenant = 5;
const listFile = join(dir, 'memory-tenants.json');

const config = loadConfig({ ...process.env, ROSTER_DATA: dir, ROSTER_SCRYPT_LOG_N: '10', ROSTER_LOG: 'warn', ROSTER_JWT_KEYS: 'k1:memory-bench-key-0123456789abcdef0123' });
const embedded = createEmbedded(config, createLogger('warn'));
const { host } = embedded;
let requests = 0;
const send = (address: { kind: string; id: string }, type: string, payload: unknown, principal: Principal = systemPrincipal) =>
  host.send(address, { type, payload, meta: { requestId: `mem-${++requests}`, principal } }).then((r) => r.value as any);
const directory = directoryAddress;

interface Seeded {
  tenantId: string;
  userId: string;
}

async function seed() {
  const seeded: Seeded[] = [];
  const stamp = Date.now().toString(36);
  const one = async (i: number) => {
    const slug = `mem-${i}-${stamp}`;
    const owner = { name: 'Bench Owner', email: `owner@${slug}.test`, password: 'bench-password-1234' };
    const { id } = await send(directory, 'directory.createTenant', { slug, name: `Memory ${i}`, ownerEmail: owner.email });
    const created = await send({ kind: 'tenant', id }, 'tenant.bootstrap', { name: `Memory ${i}`, slug, owner });
    await send(directory, 'directory.activateTenant', { slug });
    const principal: Principal = { kind: 'user', tenantId: id, userId: created.user.id, role: 'owner' };
    for (let e = 0; e < perTenant; e++) {
      await send({ kind: 'tenant', id }, 'employees.create', { firstName: 'Bench', lastName: `Person ${e}`, workEmail: `p${e}@${slug}.test`, hireDate: '2023-03-01' }, principal);
    }
    seeded.push({ tenantId: id, userId: created.user.id });
    // Seeding is not what is measured: each company leaves memory when done.
    await host.passivate({ kind: 'tenant', id });
  };
  const started = performance.now();
  const real = Math.min(count, 100);
  for (let i = 0; i < real; i += 8) await Promise.all(Array.from({ length: Math.min(8, real - i) }, (_, k) => one(i + k)));
  const fileOf = (id: string) => config.dbUrl.replace(/^file:/, '').replaceAll('{tenant}', id);
  for (let i = real; i < count; i++) {
    const from = seeded[i % real]!;
    const id = `ten_${ulid().toLowerCase()}`;
    copyFileSync(fileOf(from.tenantId), fileOf(id));
    seeded.push({ tenantId: id, userId: from.userId });
  }
  writeFileSync(listFile, JSON.stringify(seeded));
  console.log(JSON.stringify({ seeded: seeded.length, seconds: (performance.now() - started) / 1000 }));
}

const rss = () => process.memoryUsage.rss();

async function touch() {
  const seeded = JSON.parse(readFileSync(listFile, 'utf8')) as Seeded[];
  if (seeded.length !== count) throw new Error(`expected ${count} seeded tenants, found ${seeded.length}`);
  // The directory is resident in any server; the baseline is taken with it, after a full GC.
  await send(directory, 'directory.resolveSlug', { slug: 'nobody-here' }).catch(() => undefined);
  Bun.gc(true);
  const baseline = rss();
  const budget = config.ROSTER_ACTOR_MEMORY_MB * 2 ** 20;
  const cold: number[] = [];
  const samples: { touched: number; residents: number; rss: number }[] = [];
  let peak = 0;
  let seen = 0;
  for (const [i, t] of seeded.entries()) {
    const principal: Principal = { kind: 'user', tenantId: t.tenantId, userId: t.userId, role: 'owner' };
    const started = performance.now();
    const page = await send({ kind: 'tenant', id: t.tenantId }, 'employees.list', {}, principal);
    cold.push(performance.now() - started);
    // The check that the seeding was done: every company answers with its own 5 employees.
    if (page.total !== perTenant || page.items.length !== perTenant) throw new Error(`tenant ${t.tenantId}: ${page.total} employees, expected ${perTenant}`);
    seen += page.items.length;
    if ((i + 1) % 250 === 0) {
      Bun.gc(true);
      const residents = host.snapshot().resident - 1; // without the directory
      samples.push({ touched: i + 1, residents, rss: rss() - baseline });
    }
    peak = Math.max(peak, rss() - baseline);
  }
  cold.sort((a, b) => a - b);
  const pct = (p: number) => cold[Math.min(cold.length - 1, Math.floor((p / 100) * cold.length))]!;
  // RSS per resident: a least-squares slope over the samples taken before the first eviction.
  const growing = samples.filter((s) => s.residents === s.touched);
  const n = growing.length;
  const mx = growing.reduce((a, s) => a + s.residents, 0) / n;
  const my = growing.reduce((a, s) => a + s.rss, 0) / n;
  // One sample (a short run, or a budget reached at once) has no slope: its mean cost stands in.
  const slope =
    n < 2
      ? (growing[0]?.rss ?? 0) / Math.max(1, growing[0]?.residents ?? 1)
      : growing.reduce((a, s) => a + (s.residents - mx) * (s.rss - my), 0) / growing.reduce((a, s) => a + (s.residents - mx) ** 2, 0);
  const stats = host.snapshot();
  console.log(
    JSON.stringify({
      tenants: seeded.length,
      employeesRead: seen,
      bytesPerResident: Math.round(slope),
      residentsMeasured: growing.at(-1)?.residents ?? 0,
      peakRssAboveStart: peak,
      budget,
      residentAtEnd: stats.resident - 1,
      passivations: stats.passivations,
      coldP50Ms: pct(50),
      coldP99Ms: pct(99),
    }),
  );
}

await (mode === 'seed' ? seed() : touch());
await embedded.close();
process.exit(0);
