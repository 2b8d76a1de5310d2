/**
 * The mutation check (`npm run test:mutations [name…]`): each `test/mutations/*.patch` breaks
 * one README claim on purpose. Each is applied alone to a scratch copy of the working tree and
 * the tests named on its `Tests:` header run there; the break must make them fail ("caught").
 * A break they survive, or a patch that no longer applies, fails the check.
 *
 * Patch format: `Claim: …` and `Tests: <bun test arguments>` lines, then a unified diff as
 * `git diff` prints it (git apply skips the header lines).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const root = join(import.meta.dir, '..');
const dir = join(root, 'test', 'mutations');
/** One break's tests get this long; a hang counts as not caught. */
const timeoutMs = Number(process.env.MUTATION_TIMEOUT_MS ?? 300_000);

interface Mutation {
  name: string;
  file: string;
  claim: string;
  tests: string[];
}

/** Splits a header's argument list like a shell would, honouring '…' and "…" quotes. */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let any = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      any = true;
    } else if (/\s/.test(ch)) {
      if (cur || any) out.push(cur);
      cur = '';
      any = false;
    } else cur += ch;
  }
  if (quote) throw new Error(`unclosed quote in: ${line}`);
  if (cur || any) out.push(cur);
  return out;
}

function readMutation(file: string): Mutation {
  const text = readFileSync(file, 'utf8');
  const header = (key: string) => text.match(new RegExp(`^${key}:\\s*(.+)$`, 'm'))?.[1]?.trim();
  const claim = header('Claim');
  const tests = header('Tests');
  if (!claim || !tests) throw new Error(`${basename(file)}: needs "Claim:" and "Tests:" header lines`);
  return { name: basename(file, '.patch'), file, claim, tests: splitArgs(tests) };
}

/** A copy of the working tree (committed or not) with node_modules linked, not copied. */
function scratchCopy(): string {
  const scratch = mkdtempSync(join(tmpdir(), 'roster-mutations-'));
  const skip = new Set(['node_modules', '.git', 'data', '.wrangler']);
  for (const entry of readdirSync(root)) {
    if (skip.has(entry)) continue;
    cpSync(join(root, entry), join(scratch, entry), {
      recursive: true,
      filter: (src) => !/[/\\](node_modules|\.wrangler)$/.test(src),
    });
  }
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'));
  return scratch;
}

function git(args: string[], cwd: string) {
  // --unsafe-paths is not needed: patches name paths inside the tree. GIT_DIR unset so that
  // git apply works on the scratch copy, which is no repository.
  return spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_DIR: '/nonexistent' } });
}

type Outcome = 'caught' | 'SURVIVED' | 'NO-APPLY' | 'ERROR';
interface Result {
  name: string;
  outcome: Outcome;
  seconds: number;
  detail: string;
}

/** bun test's summary lines: " N pass", " M fail". */
function counts(output: string) {
  const n = (word: string) => Number(output.match(new RegExp(`^\\s*(\\d+) ${word}$`, 'm'))?.[1] ?? 0);
  return { pass: n('pass'), fail: n('fail') };
}

function run(m: Mutation, scratch: string): Result {
  const started = performance.now();
  const secs = () => Math.round((performance.now() - started) / 100) / 10;
  const check = git(['apply', '--check', m.file], scratch);
  if (check.status !== 0) return { name: m.name, outcome: 'NO-APPLY', seconds: secs(), detail: check.stderr.trim() };
  git(['apply', m.file], scratch);
  try {
    const test = spawnSync(process.execPath, ['test', ...m.tests], {
      cwd: scratch,
      encoding: 'utf8',
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    const output = `${test.stdout}\n${test.stderr}`;
    const { pass, fail } = counts(output);
    if (test.error) return { name: m.name, outcome: 'ERROR', seconds: secs(), detail: `${test.error.message}` };
    // Caught means tests ran and some failed: an exit code alone could be a patch that breaks
    // the build, or a -t pattern that matches nothing.
    if (test.status !== 0 && fail > 0) {
      const first = output.match(/^\(fail\) (.+)$/m)?.[1] ?? '';
      return { name: m.name, outcome: 'caught', seconds: secs(), detail: `${fail} failed, ${pass} passed; first: ${first}` };
    }
    if (test.status === 0) return { name: m.name, outcome: 'SURVIVED', seconds: secs(), detail: `${pass} passed` };
    return { name: m.name, outcome: 'ERROR', seconds: secs(), detail: `exit ${test.status} with no failed test:\n${output.trim().split('\n').slice(-15).join('\n')}` };
  } finally {
    const back = git(['apply', '-R', m.file], scratch);
    if (back.status !== 0) throw new Error(`${m.name}: could not undo the patch: ${back.stderr}`);
  }
}

function main() {
  const only = process.argv.slice(2);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.patch'))
    .sort()
    .filter((f) => only.length === 0 || only.includes(basename(f, '.patch')));
  if (files.length === 0) throw new Error(`no patches${only.length ? ` named ${only.join(', ')}` : ''} in ${dir}`);
  const mutations = files.map((f) => readMutation(join(dir, f)));
  const scratch = scratchCopy();
  const started = performance.now();
  const results: Result[] = [];
  try {
    mutations.forEach((m, i) => {
      process.stdout.write(`[${i + 1}/${mutations.length}] ${m.name}: ${m.claim}\n    bun test ${m.tests.join(' ')}\n`);
      const r = run(m, scratch);
      results.push(r);
      process.stdout.write(`    ${r.outcome} in ${r.seconds} s (${r.detail.split('\n')[0]})\n`);
      if (r.outcome !== 'caught' && r.detail.includes('\n')) process.stdout.write(`${r.detail}\n`);
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const total = Math.round((performance.now() - started) / 1000);
  const width = Math.max(...results.map((r) => r.name.length));
  console.log(`\n${'break'.padEnd(width)}  outcome   seconds  claim`);
  for (const r of results) {
    const claim = mutations.find((m) => m.name === r.name)!.claim;
    console.log(`${r.name.padEnd(width)}  ${r.outcome.padEnd(8)}  ${String(r.seconds).padStart(7)}  ${claim}`);
  }
  const bad = results.filter((r) => r.outcome !== 'caught');
  console.log(`\n${results.length - bad.length} of ${results.length} breaks caught in ${total} s${bad.length ? `; not caught: ${bad.map((r) => r.name).join(', ')}` : ''}`);
  process.exit(bad.length ? 1 : 0);
}

if (import.meta.main) main();
