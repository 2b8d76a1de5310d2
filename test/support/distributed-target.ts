import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onFreePort } from './ports';
import { contractEnv } from '../contract/suite';
import type { Target } from '../contract/target';
import { startNats, startNatsCluster, type NatsCluster } from './nats-server';

const root = join(import.meta.dir, '..', '..');

export interface RosterProc {
  name: string;
  child: ChildProcess;
  /** For gateways. */
  url?: string;
  signal(signal: NodeJS.Signals): void;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface Distributed extends Target {
  nats: NatsCluster;
  gateways: RosterProc[];
  workers: RosterProc[];
  env: Record<string, string>;
  startWorker(name: string): Promise<RosterProc>;
  /** Stops gateway `i` with `signal` (SIGKILL: a crash; SIGTERM: a deploy's drain) and starts a new one on its port. */
  restartGateway(i: number, signal: NodeJS.Signals): Promise<void>;
}

function spawnRoster(name: string, args: string[], env: Record<string, string>, preload?: string): RosterProc {
  const child = spawn(process.execPath, [...(preload ? ['--preload', preload] : []), join(root, 'src/main.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: process.env.ROSTER_TEST_VERBOSE ? ['ignore', 'inherit', 'inherit'] : 'ignore',
  });
  return {
    name,
    child,
    signal: (s) => child.kill(s),
    stop: (s = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill(s);
      }),
  };
}

async function waitReady(url: string, child: ChildProcess) {
  const until = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}`);
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) return;
    if (Date.now() > until) throw new Error('gateway did not become ready');
    await Bun.sleep(50);
  }
}

/**
 * The distributed mode on this machine: its own nats-server (or a 3-node cluster), G
 * gateways and W workers as real processes, sharing a temporary data folder.
 */
export async function startDistributed(
  o: {
    gateways?: number;
    workers?: number;
    cluster?: boolean;
    env?: Record<string, string>;
    /** A module each process of a role loads first (bun --preload): bench/profile-distributed.ts's profiler. */
    preload?: { gateway?: string; worker?: string };
  } = {},
): Promise<Distributed> {
  const nats = o.cluster ? await startNatsCluster() : await startNats();
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-dist-'));
  const env: Record<string, string> = {
    ...contractEnv,
    ROSTER_NATS_URL: nats.urls,
    ROSTER_DATA: dataDir,
    ROSTER_SCRYPT_LOG_N: '12',
    ROSTER_LOG: 'warn',
    ROSTER_LEASE_TTL_MS: '2000',
    ROSTER_NATS_REPLICAS: o.cluster ? '3' : '1',
    ROSTER_MAX_BODY_BYTES: String(64 * 1024),
    ...o.env,
  };
  const workers: RosterProc[] = [];
  const startWorker = async (name: string) => {
    const w = spawnRoster(name, ['worker'], { ...env, ROSTER_WORKER_ID: name }, o.preload?.worker);
    workers.push(w);
    return w;
  };
  for (let i = 0; i < (o.workers ?? 3); i++) await startWorker(`w${i + 1}`);
  const startGateway = async (name: string, port: number) => {
    const g = spawnRoster(name, ['gateway'], { ...env, PORT: String(port), HOST: '127.0.0.1' }, o.preload?.gateway);
    g.url = `http://127.0.0.1:${port}`;
    try {
      await waitReady(g.url, g.child);
    } catch (e) {
      await g.stop('SIGKILL');
      throw e;
    }
    return g;
  };
  const gateways: RosterProc[] = [];
  for (let i = 0; i < (o.gateways ?? 2); i++) gateways.push(await onFreePort((port) => startGateway(`g${i + 1}`, port)));
  // Wait until a worker answers placement: a first call through a gateway succeeds.
  const until = Date.now() + 20_000;
  while (!(await fetch(`${gateways[0]!.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'warm-up', email: 'x@y.z', password: 'x' }),
  }).then((r) => r.status === 401, () => false))) {
    if (Date.now() > until) throw new Error('workers did not come up');
    await Bun.sleep(100);
  }
  return {
    mode: 'distributed',
    // Most of the suite talks to one gateway; the resume cases go through each in turn.
    baseUrl: gateways[0]!.url!,
    baseUrls: gateways.map((g) => g.url!),
    nats,
    gateways,
    workers,
    env,
    startWorker,
    async restartGateway(i, signal) {
      const old = gateways[i]!;
      await old.stop(signal);
      gateways[i] = await startGateway(old.name, Number(new URL(old.url!).port));
    },
    async close() {
      await Promise.all([...gateways, ...workers].map((p) => p.stop()));
      await nats.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
