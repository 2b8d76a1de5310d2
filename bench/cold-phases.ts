/**
 * Where a cold activation's time goes, phase by phase, over tenant files seeded by
 * bench/memory.ts: `bun bench/cold-phases.ts <dir> [count]`. Prints the median and p99 of
 * each phase of Actor.activate (open, migrate, fence, load) and of closing the connection
 * (`keep` as a third argument: stores stay open, as resident actors' do).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fence } from '../actors/core/fence';
import { migrate } from '../actors/core/migrate';
import { openBunSqliteStore } from '../src/storage/bun-sqlite-store';
import { actorKinds } from '../src/runtime/kinds';

const [dir = '', countArg = '300', keepArg] = process.argv.slice(2);
/** `keep`: stores stay open, as resident actors' do (over ROSTER_OPEN_DATABASES, older ones are parked). */
const keep = keepArg === 'keep';
const kept: unknown[] = [];
const tenants = (JSON.parse(readFileSync(join(dir, 'memory-tenants.json'), 'utf8')) as { tenantId: string }[]).slice(0, Number(countArg));
const kind = actorKinds.find((k) => k.name === 'tenant')!;
const phases: Record<string, number[]> = { open: [], migrate: [], fence: [], load: [], close: [] };
for (const { tenantId } of tenants) {
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    phases[name]!.push(now - t);
    t = now;
  };
  const store = openBunSqliteStore(join(dir, 'tenants', `${tenantId}.db`));
  lap('open');
  await migrate(store, kind.migrations);
  lap('migrate');
  await Fence.take(store);
  lap('fence');
  await kind.load(store.db, tenantId);
  lap('load');
  if (keep) kept.push(store);
  else {
    await store.close();
    lap('close');
  }
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
for (const [name, xs] of Object.entries(phases)) if (xs.length) console.log(`${name.padEnd(8)} p50 ${pct(xs, 0.5).toFixed(2)} ms  p99 ${pct(xs, 0.99).toFixed(2)} ms`);
