import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { problemCodes } from './openapi-problems';

/**
 * The API document lists, per status, the codes the server can send with it. This finds every
 * code the source throws (an AppError with a literal status and code, or the helpers that
 * make one) and checks that the document lists it under its status: a new rule with a new
 * code cannot go undocumented.
 */
const root = join(import.meta.dir, '../..');
const helpers: Record<string, [number, string?]> = {
  conflict: [409],
  unprocessable: [422],
  invalid: [400, 'validation_failed'],
  unauthenticated: [401, 'unauthenticated'],
  forbidden: [403, 'forbidden'],
  notFound: [404, 'not_found'],
  preconditionFailed: [412, 'precondition_failed'],
  preconditionRequired: [428, 'precondition_required'],
  unavailable: [503, 'unavailable'],
  timedOut: [504, 'deadline_exceeded'],
};
/** Never an operation's answer: a route that does not exist, a bug (500). */
const notPerOperation = new Set([405, 500]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('problem codes in the API document', () => {
  test('every code the source throws is listed under its status', () => {
    const thrown: [number, string, string][] = [];
    for (const file of [...sources(join(root, 'actors')), ...sources(join(root, 'src'))]) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new AppError\(\s*(\d{3}),\s*'([a-z_]+)'/g)) thrown.push([Number(m[1]), m[2]!, file]);
      for (const [name, [status, fixed]] of Object.entries(helpers)) {
        if (fixed) {
          if (new RegExp(`\\b${name}\\(`).test(text)) thrown.push([status, fixed, file]);
        } else for (const m of text.matchAll(new RegExp(`\\b${name}\\(\\s*'([a-z_]+)'`, 'g'))) thrown.push([status, m[1]!, file]);
      }
    }
    expect(thrown.length).toBeGreaterThan(150);
    const missing = thrown.filter(([status, code]) => !notPerOperation.has(status) && !problemCodes[status]?.includes(code));
    expect(missing.map(([status, code, file]) => `${status} ${code} (${file.slice(root.length + 1)})`)).toEqual([]);
  });
});
