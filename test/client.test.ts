import { afterAll, expect, test } from 'bun:test';
import { quickstart } from '../examples/quickstart';
import { startEmbedded } from './support/embedded-target';

const roster = await startEmbedded();
afterAll(() => roster.close());

test('the typed client example runs against a real server', async () => {
  const lines: string[] = [];
  const result = await quickstart(roster.baseUrl, (l) => lines.push(l));
  expect(result.count).toBe(2);
  expect(result.grace.jobTitle).toBe('Rear Admiral');
  expect(lines).toContain('employees: Hopper, Turing');
  expect(lines).toContain('a stale update is refused: precondition_failed');
});
