/**
 * `bun bench/ledger.ts [rows]`: what the leave ledger costs at scale on Roster embedded. A
 * monthly policy exists; N employees (10,000 by default) are imported from CSV; the next read
 * of a balance must already be right (no run, no timer). Then the policy is edited, as a dry
 * run and for real (a correction for every employee), and a termination is recorded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess } from './process';

const rows = Number(process.argv[2] ?? 10_000);
const root = join(import.meta.dir, '..');
const work = mkdtempSync(join(tmpdir(), 'roster-ledger-'));
const server = await startProcess([process.execPath, join(root, 'src/main.ts'), 'serve'], { ROSTER_DATA: join(work, 'd'), HOST: '127.0.0.1', ROSTER_LOG: 'warn' }, root);
const call = (method: string, path: string, body?: unknown, token?: string) =>
  fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
await call('POST', '/v1/tenants', { name: 'Ledger Co', slug: 'ledger-co', owner: { name: 'Ida', email: 'ida@ledger.test', password: 'correct horse battery staple' } });
const { accessToken: token } = (await call('POST', '/v1/auth/login', { tenant: 'ledger-co', email: 'ida@ledger.test', password: 'correct horse battery staple' })).body;
const type = (await call('POST', '/v1/leave-types', { name: 'Vacation' }, token)).body;
const now = new Date();
const startsOn = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 10);
await call('POST', '/v1/timeoff-policies', { leaveTypeId: type.id, name: 'Standard', yearlyEntitlement: 24, startsOn }, token);

const csv = ['externalId,firstName,lastName,workEmail,hireDate']
  .concat(Array.from({ length: rows }, (_, i) => `X${i},First${i},Last${i},p${i}@ledger.test,2020-01-${String((i % 28) + 1).padStart(2, '0')}`))
  .join('\n');
const timed = async <T>(label: string, run: () => Promise<T>) => {
  const started = performance.now();
  const out = await run();
  console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return out;
};
const imported = await timed(`import ${rows} employees under the policy`, () =>
  fetch(`${server.url}/v1/employee-imports`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` }, body: csv }).then((r) => r.json() as Promise<any>),
);
console.log(`  ${imported.status}, created ${imported.created}`);
const list = (await call('GET', '/v1/employees?limit=1&sort=-createdAt', undefined, token)).body.items[0];
const read = await timed('next read of one balance', () => call('GET', `/v1/employees/${list.id}/balances`, undefined, token));
console.log(`  ${JSON.stringify(read.body.items)} (12 months × 2 expected: 24)`);
const rowsOf = await call('GET', `/v1/employees/${list.id}/ledger`, undefined, token);
console.log(`  stored rows: ${rowsOf.body.items.length}`);
const p = (await call('GET', '/v1/timeoff-policies', undefined, token)).body.items[0];
const dry = await timed('dry run of an edit: 24 → 12 a year (the rows per employee, nothing written)', () => call('PATCH', `/v1/timeoff-policies/${p.id}`, { yearlyEntitlement: 12, dryRun: true }, token));
console.log(`  ${dry.status}, ${dry.body.ledger?.length} employees affected`);
const edit = await timed('the edit: 24 → 12 a year, corrected for everyone', () => call('PATCH', `/v1/timeoff-policies/${p.id}`, { yearlyEntitlement: 12 }, token));
console.log(`  ${edit.status}, ${edit.body.ledger?.length} employees corrected`);
const after = await call('GET', `/v1/employees/${list.id}/balances`, undefined, token);
console.log(`  balance after the edit: ${JSON.stringify(after.body.items)} (12 expected)`);
await timed('a termination (one employee)', () => call('POST', `/v1/employees/${list.id}/lifecycle`, { type: 'termination', effectiveDate: new Date().toISOString().slice(0, 10), reason: 'Bench' }, token));
await server.stop();
rmSync(work, { recursive: true, force: true });
