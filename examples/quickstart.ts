/**
 * Roster from a client developer's side, with the typed client: create a company, sign in,
 * hire two people, page through them, update one with If-Match.
 *
 *   npm start &                 # Roster on http://localhost:3000
 *   bun examples/quickstart.ts  # or ROSTER_URL=… bun examples/quickstart.ts
 */
import { RosterClient, RosterError } from '../src/client';

export async function quickstart(baseUrl: string, log: (line: string) => void = console.log) {
  const slug = `example-${Date.now().toString(36)}`;
  const owner = { name: 'Ada Admin', email: `ada@${slug}.test`, password: 'correct horse battery staple' };
  await new RosterClient(baseUrl).signUp({ name: 'Example Co', slug, owner });
  const roster = await RosterClient.login(baseUrl, { tenant: slug, email: owner.email, password: owner.password });

  const grace = await roster.call('employees.create', {
    firstName: 'Grace',
    lastName: 'Hopper',
    workEmail: `grace@${slug}.test`,
    hireDate: '2024-01-15',
    jobTitle: 'Engineer',
  });
  await roster.call('employees.create', { firstName: 'Alan', lastName: 'Turing', workEmail: `alan@${slug}.test`, hireDate: '2024-02-01' });
  log(`created ${grace.data.firstName} ${grace.data.lastName} (${grace.data.id}), ETag ${grace.etag}`);

  const page = await roster.call('employees.list', { limit: 10, sort: 'lastName' });
  log(`employees: ${page.data.items.map((e) => e.lastName).join(', ')}`);

  const updated = await roster.call('employees.update', { id: grace.data.id, jobTitle: 'Rear Admiral' }, { ifMatch: grace.etag });
  log(`now ${updated.data.jobTitle}, version ${updated.data.version}`);

  try {
    await roster.call('employees.update', { id: grace.data.id, jobTitle: 'Stale' }, { ifMatch: grace.etag });
  } catch (e) {
    if (e instanceof RosterError) log(`a stale update is refused: ${e.problem.code}`);
    else throw e;
  }
  return { grace: updated.data, count: page.data.items.length };
}

if (import.meta.main) await quickstart(process.env.ROSTER_URL ?? 'http://localhost:3000');
