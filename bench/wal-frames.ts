/**
 * What one command writes: `bun bench/wal-frames.ts patch|create [n]` runs n commands one at
 * a time on one company and reads the WAL's frame headers afterwards: WAL frames (pages) per
 * commit, and which table or index each page belongs to (SQLite's dbstat). Counts, not timings,
 * so they hold on a loaded machine; each frame is a page written at COMMIT and again at the
 * next checkpoint.
 */
import { Database } from 'bun:sqlite';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { backgroundCheckpoints } from '../src/storage/background-checkpoints';
import { inProcessRoster } from './in-process-roster';

const [kind = 'patch', nArg = '200'] = process.argv.slice(2);
const n = Number(nArg);
// No checkpoint while counting: the WAL then holds every frame the commands wrote.
backgroundCheckpoints.every = Number.MAX_SAFE_INTEGER;
const { roster, config, call, company } = inProcessRoster('error');
const accessToken = await company('wal-frames');
const people = [];
for (let i = 0; i < 5; i++) people.push(await call('POST', '/v1/employees', { firstName: 'Bench', lastName: `Person ${i}`, workEmail: `p${i}@frames.test`, hireDate: '2023-03-01' }, accessToken));
const tenants = join(config.ROSTER_DATA, 'tenants');
const file = join(tenants, readdirSync(tenants).find((f) => f.endsWith('.db'))!);
const frameBytes = 24 + 4096;
const start = statSync(`${file}-wal`).size;
for (let i = 0; i < n; i++) {
  if (kind === 'create') await call('POST', '/v1/employees', { firstName: 'New', lastName: `Hire ${i}`, workEmail: `n${i}@frames.test`, hireDate: '2024-01-01' }, accessToken);
  else await call('PATCH', `/v1/employees/${people[i % people.length].id}`, { jobTitle: `Title ${i}` }, accessToken);
}
await roster.close();
const wal = readFileSync(`${file}-wal`);
const owner = new Map<number, string>();
const db = new Database(file, { readonly: true });
for (const r of db.query('SELECT name, pageno FROM dbstat').all() as { name: string; pageno: number }[]) owner.set(r.pageno, r.name);
db.close();
const byName = new Map<string, number>();
for (let at = 32 + Math.floor((start - 32) / frameBytes) * frameBytes; at + frameBytes <= wal.length; at += frameBytes) {
  const name = owner.get(wal.readUInt32BE(at)) ?? 'a page since freed';
  byName.set(name, (byName.get(name) ?? 0) + 1);
}
const frames = [...byName.values()].reduce((a, b) => a + b, 0);
console.log(`${kind}: ${(frames / n).toFixed(2)} WAL frames per command (${n} commands, one commit each)`);
for (const [name, count] of [...byName].sort((a, b) => b[1] - a[1])) console.log(`  ${(count / n).toFixed(2)}  ${name}`);
