import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../bench/process';
import { onFreePort } from './ports';

const binary = ['/usr/sbin/nats-server', '/usr/bin/nats-server', 'nats-server'].find(
  (p) => !p.startsWith('/') || Bun.file(p).size > 0,
)!;

export interface NatsNode {
  url: string;
  port: number;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface NatsCluster {
  nodes: NatsNode[];
  /** All client URLs, comma-separated, as ROSTER_NATS_URL takes them. */
  urls: string;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function spawnNode(args: string[], port: number): Promise<NatsNode> {
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const until = Date.now() + 10_000;
  // Ready when it says so and its port answers: an open port alone might be another
  // process's, one that took the port between freePort and this spawn.
  while (!stderr.includes('Server is ready') || !(await portOpen(port))) {
    if (child.exitCode !== null) throw new Error(`nats-server exited: ${stderr}`);
    if (Date.now() > until) throw new Error(`nats-server did not start: ${stderr}`);
    await Bun.sleep(50);
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    child,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** A single nats-server with JetStream on a free loopback port and its own storage folder. */
export async function startNats(): Promise<NatsCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-nats-'));
  const node = await onFreePort((port) => spawnNode(['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], port));
  return {
    nodes: [node],
    urls: node.url,
    async stop() {
      await node.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A 3-node cluster with JetStream (for replicas = 3), all on loopback. */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-nats-cluster-'));
  const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routes = await Promise.all(Array.from({ length: size }, () => freePort()));
  const nodes = await Promise.all(
    ports.map(async (port, i) => {
      const conf = join(dir, `n${i}.conf`);
      writeFileSync(
        conf,
        [
          `server_name: n${i}`,
          `listen: 127.0.0.1:${port}`,
          `jetstream { store_dir: "${join(dir, `js${i}`)}" }`,
          `cluster {`,
          `  name: roster-test`,
          `  listen: 127.0.0.1:${routes[i]}`,
          `  routes: [${routes.map((r) => `nats-route://127.0.0.1:${r}`).join(', ')}]`,
          `}`,
        ].join('\n'),
      );
      return spawnNode(['-c', conf], port);
    }),
  );
  return {
    nodes,
    urls: nodes.map((n) => n.url).join(','),
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
