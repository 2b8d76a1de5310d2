import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './process';

/**
 * A throwaway PostgreSQL for the benchmark's peer: Debian's binaries, a data folder of its
 * own in a temp folder, a free port and its unix socket in that folder, no TCP listener. Never the
 * machine's own PostgreSQL service. Undefined (with the reason) when no binaries are found
 * and apt-get cannot install them.
 */
export interface LocalPostgres {
  /** The folder holding the unix socket (postgres.js `host`), and the port naming it. */
  socketDir: string;
  port: number;
  /** The postmaster and its children (a backend per connection, background workers): to count their CPU. */
  pids(): number[];
  stop(): void;
}

function binDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin/initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

export async function startPostgres(): Promise<LocalPostgres | string> {
  let bin = binDir();
  if (!bin) {
    console.log('PostgreSQL binaries are missing: trying apt-get install postgresql');
    spawnSync('sh', ['-c', 'apt-get install -y -qq postgresql || (apt-get update -qq && apt-get install -y -qq postgresql)'], { stdio: 'inherit' });
    bin = binDir();
    if (!bin) return 'no PostgreSQL binaries under /usr/lib/postgresql and apt-get could not install them';
  }
  // A temp folder of its own (not inside the bench's, which only root may enter), removed by stop().
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-pg-'));
  const data = join(dir, 'pgdata');
  const fail = (reason: string) => {
    rmSync(dir, { recursive: true, force: true });
    return reason;
  };
  // initdb and postgres refuse to run as root: as root, they run as the `postgres` user of the package.
  const asRoot = userInfo().uid === 0;
  const owner = asRoot ? spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }) : undefined;
  if (asRoot && owner?.status !== 0) return fail('running as root and there is no postgres user to run PostgreSQL as');
  if (asRoot) {
    const uid = Number(owner!.stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin!, cmd), ...args]] as const : [join(bin!, cmd), args] as const;
    return spawnSync(full[0], [...full[1]], { encoding: 'utf8' });
  };
  const init = run('initdb', ['-D', data, '-U', 'bench', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  if (init.status !== 0) return fail(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  // Durability like Roster's (commits reach the WAL fsync'd; synchronous_commit on by default).
  const options = `-p ${port} -k ${dir} -c listen_addresses='' -c max_connections=50 -c shared_buffers=128MB`;
  const start = run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  if (start.status !== 0) return fail(`pg_ctl start failed: ${start.stderr || start.stdout}`);
  const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    socketDir: dir,
    port,
    pids: () => [postmaster, ...readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8').split(' ').filter(Boolean).map(Number)],
    stop: () => {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
