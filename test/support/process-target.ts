import { spawn, type ChildProcess } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { onFreePort } from './ports';
import { contractEnv } from '../contract/suite';

const root = join(import.meta.dir, '..', '..');

export interface RosterProcess {
  baseUrl: string;
  child: ChildProcess;
  /** Sends a signal and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * How each runtime starts `roster serve`: Bun through src/main.ts, Deno through src/deno.ts
 * with the permissions the README lists (the data folder, and node_modules for the docs' assets).
 */
const commands = {
  bun: (_dataDir: string) => [process.execPath, join(root, 'src/main.ts'), 'serve'],
  deno: (dataDir: string) => [
    join(root, 'node_modules/.bin/deno'), 'run', '--allow-net', '--allow-env=PORT,HOST,ROSTER_*',
    `--allow-read=${dataDir},${realpathSync(join(root, 'node_modules'))}`, `--allow-write=${dataDir}`,
    join(root, 'src/deno.ts'), 'serve',
  ],
};
export type Runtime = keyof typeof commands;

/** `roster serve` as a real child process on a free loopback port, for crash and restart cases. */
export function startRosterProcess(dataDir: string, env: Record<string, string> = {}, runtime: Runtime = 'bun'): Promise<RosterProcess> {
  return onFreePort((port) => startOn(port, dataDir, env, runtime));
}

async function startOn(port: number, dataDir: string, env: Record<string, string>, runtime: Runtime): Promise<RosterProcess> {
  const [command, ...args] = commands[runtime](dataDir);
  const child = spawn(command!, args, {
    cwd: root,
    env: {
      ...process.env,
      ...contractEnv,
      PORT: String(port),
      HOST: '127.0.0.1',
      ROSTER_DATA: dataDir,
      ROSTER_LOG: 'warn',
      ROSTER_SCRYPT_LOG_N: '12',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const until = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`roster exited with ${child.exitCode}`);
    if (await fetch(`${baseUrl}/readyz`).then((r) => r.ok, () => false)) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error('roster did not start');
    }
    await Bun.sleep(50);
  }
  return {
    baseUrl,
    child,
    kill: (signal = 'SIGKILL') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
