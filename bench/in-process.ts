/**
 * The request path without the network: Roster embedded in this process, one tenant (or
 * BENCH_TENANTS), and N requests through app.fetch, 64 at a time (or BENCH_BATCH), timed.
 * `bun bench/in-process.ts get|patch|create [n]`. For quick A/B
 * work on the edge and the actor (wrk and the kernel are left out; the bench keeps them in).
 * With BENCH_PROFILE_OUT set, the last round is profiled (see window-profile.ts for the files).
 */
import '../src/runtime/bun-platform';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { createEmbedded } from '../src/runtime/embedded';
import { startProfile, stopProfile } from './window-profile';

const [kind = 'get', nArg = '50000'] = process.argv.slice(2);
const n = Number(nArg);
const B = Number(process.env.BENCH_BATCH ?? 64);
const config = loadConfig({
  ROSTER_DATA: mkdtempSync(join(tmpdir(), 'roster-inproc-')),
  HOST: '127.0.0.1',
  ROSTER_ACCESS_TOKEN_TTL: '3600',
  ROSTER_LOG: process.env.ROSTER_LOG ?? 'info',
  ROSTER_RATE_LIMITS: JSON.stringify({ standard: { principal: [1e9, 60], tenant: [1e9, 60] } }),
  ROSTER_SIGNUPS_PER_ADDRESS: '[100000000,60]',
  ROSTER_SIGNUPS_GLOBAL: '[100000000,60]',
  ROSTER_LOGIN_ADDRESS_RATE: '[100000000,60]',
});
const roster = createEmbedded(config, createLogger(config.ROSTER_LOG));
const call = async (method: string, path: string, body?: unknown, token?: string) => {
  const res = await roster.app.fetch(
    new Request(`http://roster${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(method === 'PATCH' ? { 'if-match': '*' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
};
const password = 'bench-password-1234';
// BENCH_TENANTS companies of one employee each, requests spread over them in turn.
const targets: { headers: Record<string, string>; url: string }[] = [];
for (let t = 0; t < Number(process.env.BENCH_TENANTS ?? 1); t++) {
  const slug = `in-process-${t}`;
  await call('POST', '/v1/tenants', { name: `In process ${t}`, slug, owner: { name: 'Owner', email: `owner@${slug}.test`, password } });
  const { accessToken } = await call('POST', '/v1/auth/login', { tenant: slug, email: `owner@${slug}.test`, password });
  const emp = await call('POST', '/v1/employees', { firstName: 'Bench', lastName: 'Person', workEmail: `p@${slug}.test`, hireDate: '2023-03-01' }, accessToken);
  targets.push({ headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', 'if-match': '*' }, url: `http://roster/v1/employees/${emp.id}` });
}
const create = `http://roster/v1/employees`;
const one = (i: number) => {
  const { headers, url } = targets[i % targets.length]!;
  return roster.app.fetch(
    kind === 'get' ? new Request(url, { headers })
    : kind === 'create' ? new Request(create, { method: 'POST', headers, body: JSON.stringify({ firstName: 'New', lastName: `Hire ${i}`, workEmail: `h${i}@in-process.test`, hireDate: '2024-01-01' }) })
    : new Request(url, { method: 'PATCH', headers, body: `{"jobTitle":"Engineer ${i}"}` }),
  );
};
for (let round = 0; round < 3; round++) {
  if (round === 2 && process.env.BENCH_PROFILE_OUT) await startProfile();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i += B) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + B); j++) batch.push(Promise.resolve(one(round * n + j)).then((r) => r.arrayBuffer()));
    await Promise.all(batch);
  }
  const cpu = process.cpuUsage(cpu0);
  const ms = performance.now() - t0;
  console.error(`${kind} round ${round}: ${((ms * 1000) / n).toFixed(1)} µs/req wall, ${((cpu.user + cpu.system) / n).toFixed(1)} CPU µs/req`);
}
if (process.env.BENCH_PROFILE_OUT) await stopProfile();
await roster.close();
