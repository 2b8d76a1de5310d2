/**
 * Preloaded into a server by bench/profile.ts (`bun --preload bench/window-profile.ts …`):
 * the first SIGUSR2 starts the CPU profiler, the second stops it and writes the profile, so
 * that it covers only the measured window (not start-up, migrations or seeding's scrypt).
 * Writes `<BENCH_PROFILE_OUT>.cpuprofile` (Chrome DevTools) and `<…>.txt`: self time by
 * function and by file.
 */
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

const out = process.env.BENCH_PROFILE_OUT ?? '/tmp/roster-window';
const session = new Session();
session.connect();
const post = (method: string, params?: object) =>
  new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (e: unknown, r: unknown) => (e ? reject(e) : resolve(r))));
let running = false;

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

function summarise(profile: { nodes: Node[]; samples: number[] }): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const files = new Map<string, number>();
  for (const id of profile.samples) {
    const f = byId.get(id)!.callFrame;
    const file = f.url.replace(/^.*\/(node_modules\/[^/]+|src|actors|bench)\//, '$1/') || '(native)';
    const name = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + 1);
    const group = file.startsWith('node_modules/') ? file.split('/').slice(0, 2).join('/') : file;
    files.set(group, (files.get(group) ?? 0) + 1);
  }
  const total = profile.samples.length;
  const top = (m: Map<string, number>, n: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  return [`${total} samples`, '', 'self time by file:', ...top(files, 30), '', 'self time by function:', ...top(self, 50)].join('\n');
}

/** Starts the CPU profiler (sampling every 200 µs). */
export async function startProfile(): Promise<void> {
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
}

/** Stops it and writes `<BENCH_PROFILE_OUT>.cpuprofile` and `.txt`. */
export async function stopProfile(): Promise<void> {
  const { profile } = await post('Profiler.stop');
  writeFileSync(`${out}.cpuprofile`, JSON.stringify(profile));
  writeFileSync(`${out}.txt`, summarise(profile));
}

process.on('SIGUSR2', async () => {
  running = !running;
  await (running ? startProfile() : stopProfile());
});
