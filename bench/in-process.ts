/**
 * The request path without the network: Roster embedded in this process, one tenant (or
 * BENCH_TENANTS), and N requests through app.fetch, 64 at a time (or BENCH_BATCH), timed.
 * `bun bench/in-process.ts get|patch|create [n]`. For quick A/B
 * work on the edge and the actor (wrk and the kernel are left out; the bench keeps them in).
 * With BENCH_PROFILE_OUT set, the last round is profiled (see window-profile.ts for the files).
 */
import { inProcessRoster } from './in-process-roster';
import { startProfile, stopProfile } from './window-profile';

const [kind = 'get', nArg = '50000'] = process.argv.slice(2);
const n = Number(nArg);
const B = Number(process.env.BENCH_BATCH ?? 64);
const { roster, call, company } = inProcessRoster(process.env.ROSTER_LOG);
// BENCH_TENANTS companies of one employee each, requests spread over them in turn.
const targets: { headers: Record<string, string>; url: string }[] = [];
for (let t = 0; t < Number(process.env.BENCH_TENANTS ?? 1); t++) {
  const slug = `in-process-${t}`;
  const accessToken = await company(slug);
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
  const refused: number[] = [];
  for (let i = 0; i < n; i += B) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + B); j++) batch.push(Promise.resolve(one(round * n + j)).then(async (r) => (await r.arrayBuffer(), r.ok || refused.push(r.status))));
    await Promise.all(batch);
  }
  // Timed work that was refused measured nothing: every PATCH sends a new title and every
  // create a new email, so a 2xx is a change made.
  if (refused.length > 0) throw new Error(`${kind} round ${round}: ${refused.length} of ${n} refused (first: ${refused[0]})`);
  const cpu = process.cpuUsage(cpu0);
  const ms = performance.now() - t0;
  console.error(`${kind} round ${round}: ${((ms * 1000) / n).toFixed(1)} µs/req wall, ${((cpu.user + cpu.system) / n).toFixed(1)} CPU µs/req (sys ${(cpu.system / n).toFixed(1)})`);
}
if (process.env.BENCH_PROFILE_OUT) await stopProfile();
await roster.close();
