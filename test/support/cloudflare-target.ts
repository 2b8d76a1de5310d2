import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../bench/process';
import { contractEnv } from '../contract/suite';
import type { Target } from '../contract/target';

const root = join(import.meta.dir, '..', '..');

export interface Workerd extends Target {
  persistDir: string;
  /** Stops the local runtime, keeping its storage, and starts it again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

const vars: Record<string, string> = {
  ...contractEnv,
  ROSTER_SCRYPT_LOG_N: '12',
  ROSTER_LOG: 'warn',
  ROSTER_MAX_BODY_BYTES: String(64 * 1024),
};

/**
 * Roster on workerd through `wrangler dev` (local mode: no account, no network), on a free
 * loopback port, with its Durable Object storage in a fresh folder.
 */
export async function startWorkerd(
  extraVars: Record<string, string> = {},
  persistDir = mkdtempSync(join(tmpdir(), 'roster-workerd-')),
): Promise<Workerd> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let child: ChildProcess;

  const start = async () => {
    const args = ['dev', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', persistDir, '--show-interactive-dev-session=false'];
    for (const [k, v] of Object.entries({ ...vars, ...extraVars })) args.push('--var', `${k}:${v}`);
    child = spawn(join(root, 'node_modules/.bin/wrangler'), args, {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
      stdio: process.env.ROSTER_TEST_VERBOSE ? ['ignore', 'inherit', 'inherit'] : 'ignore',
      detached: true,
    });
    const until = Date.now() + 60_000;
    while (!(await fetch(`${baseUrl}/healthz`).then((r) => r.ok, () => false))) {
      if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
      if (Date.now() > until) throw new Error('wrangler dev did not start');
      await Bun.sleep(200);
    }
  };
  // wrangler starts workerd as a child: stop the whole group, and wait until every process of
  // it is gone, so a restart on the same port and storage never meets the old runtime.
  const groupAlive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
    }
    const until = Date.now() + 15_000;
    while (groupAlive() && Date.now() < until) {
      if (Date.now() > until - 10_000) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await Bun.sleep(100);
    }
  };

  await start();
  return {
    mode: 'cloudflare',
    baseUrl,
    persistDir,
    stop,
    start,
    async restart() {
      await stop();
      await start();
    },
    async close() {
      await stop();
      rmSync(persistDir, { recursive: true, force: true });
    },
  };
}
