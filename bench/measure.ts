import { readFileSync } from 'node:fs';

/**
 * CPU time (user + system) a process has used so far, in µs, from /proc/<pid>/stat. The
 * server's CPU per request is the benchmark's main figure: a shared, loaded machine moves
 * requests/s a lot and CPU per request little.
 */
export function cpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), which ends at the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return (ticks * 1e6) / 100; // USER_HZ is 100 on Linux
}

/** Resident set size of a process, in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

/**
 * The sum of the versions of the employees in a wrk target file (`token id` lines). A PATCH
 * that changes something bumps its employee's version by one, so the difference of two sums
 * is the number of writes that really happened, to compare with the writes acknowledged.
 */
export async function versionSum(baseUrl: string, targets: string): Promise<number> {
  const lines = readFileSync(targets, 'utf8').split('\n').filter(Boolean);
  let sum = 0;
  for (let i = 0; i < lines.length; i += 16) {
    const batch = lines.slice(i, i + 16).map(async (line) => {
      const [token, id] = line.split(' ');
      const res = await fetch(`${baseUrl}/v1/employees/${id}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`GET /v1/employees/${id}: ${res.status}`);
      const body = (await res.json()) as { version?: number };
      if (typeof body.version !== 'number') throw new Error(`GET /v1/employees/${id} has no version`);
      return body.version;
    });
    for (const v of await Promise.all(batch)) sum += v;
  }
  return sum;
}

/**
 * Checks that the writes acknowledged really happened: every acknowledged PATCH bumped a
 * version. wrk stops with requests in flight that the server may still apply but wrk never
 * counts, so up to one per connection may be bumped without an acknowledgement.
 */
export function checkWrites(label: string, acknowledged: number, bumped: number, connections: number, done = 'versions bumped'): string {
  const ok = bumped >= acknowledged && bumped <= acknowledged + connections;
  const text = `${label}: ${acknowledged} writes acknowledged, ${bumped} ${done}`;
  if (!ok) throw new Error(`${text}: the benchmark measured writes that did not happen (or lost some)`);
  return text;
}

/** The number of employees of the tenant of the first token in a wrk target file: creates are counted by it. */
export async function employeeCount(baseUrl: string, targets: string): Promise<number> {
  const token = readFileSync(targets, 'utf8').split(/\s+/)[0];
  const res = await fetch(`${baseUrl}/v1/employees?limit=1`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET /v1/employees: ${res.status}`);
  const { total } = (await res.json()) as { total?: number };
  if (typeof total !== 'number') throw new Error('GET /v1/employees has no total');
  return total;
}
