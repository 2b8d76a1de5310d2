import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * What `npm start` sets for a server besides Roster's own settings: Bun's allocator keeps the
 * pages it frees (see the README's Operations). Every server the benches start (Roster in each
 * mode, the ceiling, the peer) gets it; a side of bench/ab.ts given
 * BENCH_ENV_A='{"MIMALLOC_PURGE_DELAY":null}' runs without it, as Bun does by default.
 */
export const serverEnv: Record<string, string> = { MIMALLOC_PURGE_DELAY: '-1' };

export interface Running {
  url: string;
  /** The server's process id, to read its CPU time and memory. */
  pid: number;
  stop(): Promise<void>;
}

/** A free loopback port, from the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Starts a server process on a free port and waits until it answers. Its output is discarded.
 * A setting given as null is left out of its environment (one this process has, too).
 */
export async function startProcess(cmd: string[], env: Record<string, string | null>, cwd: string): Promise<Running> {
  const port = await freePort();
  const merged: Record<string, string | null | undefined> = { ...process.env, ...serverEnv, ...env, PORT: String(port) };
  for (const [name, value] of Object.entries(merged)) if (value === null || value === undefined) delete merged[name];
  const child = spawn(cmd[0]!, cmd.slice(1), { cwd, env: merged as Record<string, string>, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${cmd.join(' ')} exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`).catch(() => fetch(url));
      if (res.status < 500) break;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${cmd.join(' ')} did not start`);
    await Bun.sleep(100);
  }
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
