/**
 * `bun bench/privacy.ts [changes]`: how long a subject-access export and an erasure take for
 * a leaver with a long history (600 changes to their record by default, each leaving an audit
 * row and an event), in a company with as many other employees, on Roster embedded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess } from './process';

const changes = Number(process.argv[2] ?? 600);
const root = join(import.meta.dir, '..');
const work = mkdtempSync(join(tmpdir(), 'roster-privacy-'));
const server = await startProcess([process.execPath, join(root, 'src/main.ts'), 'serve'], { ROSTER_DATA: join(work, 'd'), HOST: '127.0.0.1', ROSTER_LOG: 'warn' }, root);
const call = async (method: string, path: string, body?: unknown, token?: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, etag: res.headers.get('etag') ?? '', body: (await res.json()) as any };
};
await call('POST', '/v1/tenants', { name: 'Privacy Co', slug: 'privacy-co', owner: { name: 'Ida', email: 'ida@privacy.test', password: 'correct horse battery staple' } });
const token = (await call('POST', '/v1/auth/login', { tenant: 'privacy-co', email: 'ida@privacy.test', password: 'correct horse battery staple' })).body.accessToken as string;
const hired = await call('POST', '/v1/employees', { firstName: 'Lea', lastName: 'Long', workEmail: 'lea@privacy.test', hireDate: '2020-01-06' }, token);
let etag = hired.etag;
for (let i = 0; i < changes; i++) etag = (await call('PATCH', `/v1/employees/${hired.body.id}`, { jobTitle: `Title ${i}` }, token, { 'if-match': etag })).etag;
for (let i = 0; i < changes; i++) await call('POST', '/v1/employees', { firstName: `Other${i}`, lastName: 'Person', workEmail: `o${i}@privacy.test`, hireDate: '2021-01-04' }, token);
const today = (await call('GET', '/v1/reports/headcount', undefined, token)).body.asOf as string;
const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
await call('POST', `/v1/employees/${hired.body.id}/lifecycle`, { type: 'termination', effectiveDate: yesterday, reason: 'Left' }, token);

let t0 = performance.now();
const exported = await fetch(`${server.url}/v1/employees/${hired.body.id}/data-export`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.text());
console.log(`export at once: ${Math.round(performance.now() - t0)} ms, ${(exported.length / 1e6).toFixed(1)} MB`);
t0 = performance.now();
const job = (await call('POST', `/v1/employees/${hired.body.id}/data-exports`, {}, token)).body;
while ((await call('GET', `/v1/data-exports/${job.id}`, undefined, token)).body.status !== 'completed') await Bun.sleep(5);
console.log(`export as a job: ${Math.round(performance.now() - t0)} ms (${job.progress.total} sections)`);
t0 = performance.now();
const erasure = (await call('POST', `/v1/employees/${hired.body.id}/erasure`, { reason: 'bench' }, token)).body;
let done: any;
while ((done = (await call('GET', `/v1/erasures/${erasure.id}`, undefined, token)).body).status !== 'completed') await Bun.sleep(5);
console.log(`erasure: ${Math.round(performance.now() - t0)} ms (${done.progress.total} steps, rows ${JSON.stringify(done.counts)})`);
await server.stop();
rmSync(work, { recursive: true, force: true });
