import { afterAll, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { quickstart } from '../examples/quickstart';
import { clientRoutesSource } from '../scripts/client-routes';
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

test('the client’s route table is current (bun scripts/client-routes.ts writes it)', () => {
  expect(readFileSync(new URL('../src/client/routes.ts', import.meta.url), 'utf8')).toBe(clientRoutesSource());
});

test('a browser bundle of the client carries no server code', async () => {
  const built = await Bun.build({ entrypoints: [new URL('../src/client/index.ts', import.meta.url).pathname], target: 'browser' });
  expect(built.success).toBe(true);
  const code = await built.outputs[0]!.text();
  // The domain (message declarations, schemas, the database layer) stays on the server.
  for (const server of ['tenantMessage', 'drizzle', 'sqliteTable', 'zod', 'strictObject']) expect(code).not.toContain(server);
  expect(code).toContain('/v1/employees/:id');
  expect(code.length).toBeLessThan(20_000);
});
