import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

// madge ships no types; this is the part of its API the test uses.
const madge = require('madge') as (paths: string[], config: object) => Promise<{ circular(): string[][] }>;

/**
 * The layout's promises, checked on every run:
 * - no import cycle in the production code (actors/, src/; tests are left out, and type-only
 *   imports count: a cycle of types is still two files that cannot be read apart);
 * - `actors/` is runtime-free: it imports nothing from src/, and no module of a runtime.
 *
 * Runtime-free means: what runs the same on Bun, Node and workerd without a flag. So no
 * `node:` module at all (workerd has some only under nodejs_compat, and the domain needs
 * none), no `bun`/`bun:*`, no `cloudflare:*`, and none of the packages that belong to one
 * transport or driver (NATS, libSQL, Hono, Prometheus, the drizzle drivers). Plain libraries
 * (zod, drizzle-orm's query builder, ulidx, csv-parse…) are fine. Tests beside the code may
 * use bun:test and a real store from src/storage: they are not the domain.
 */
const root = resolve(import.meta.dir, '..');
const isTest = (file: string) => /\.test\.ts$/.test(file);
const production = (file: string) => /^(actors|src)\//.test(file) && !isTest(file);


const runtimeModules: RegExp[] = [
  /^node:/,
  /^bun(:|$)/,
  /^cloudflare:/,
  /^@nats-io\//,
  /^@libsql\//,
  /^hono(\/|$)/,
  /^prom-client$/,
  /^drizzle-orm\/(bun-sqlite|libsql|durable-sqlite|node-postgres|better-sqlite3)/,
];

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/** Every module specifier a file names: static imports, re-exports and dynamic imports. */
function specifiers(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g), ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g), ...text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)];
  return found.map((m) => m[1]!);
}

describe('architecture', () => {
  test('the production code has no import cycle', async () => {
    const graph = await madge(['actors', 'src'], { baseDir: root, fileExtensions: ['ts'], tsConfig: join(root, 'tsconfig.json'), excludeRegExp: [/\.test\.ts$/] });
    const cycles = graph.circular().filter((cycle) => cycle.every(production));
    expect(cycles).toEqual([]);
  });

  test('actors/ imports nothing from src/ and no runtime module', () => {
    const offences: string[] = [];
    for (const file of filesUnder('actors').filter((f) => !isTest(f))) {
      for (const spec of specifiers(file)) {
        if (spec.startsWith('.')) {
          const target = relative(root, resolve(root, file, '..', spec));
          if (!/^(actors|migrations)\//.test(target)) offences.push(`${file} -> ${spec}`);
        } else if (runtimeModules.some((r) => r.test(spec))) offences.push(`${file} -> ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });

  test('the checks see what they should (a guard against a check that finds nothing)', () => {
    expect(filesUnder('actors').length).toBeGreaterThan(50);
    expect(specifiers('src/runtime/worker.ts')).toContain('@nats-io/jetstream');
    expect(specifiers('actors/core/actor.ts')).toContain('./access');
  });
});
