/**
 * The design a team would build instead of Roster, as the benchmark's peer: a stateless
 * Hono server on Bun, postgres.js (a pool of 10) and one PostgreSQL holding every company's
 * employees in one table keyed by tenant. The same two requests as Roster's rows, with the
 * same shape of work: an HS256 bearer token verified by jose on every request, the body
 * checked by zod, the row read or updated by one query scoped to the token's tenant, a
 * version bumped by every change and sent as the ETag.
 *
 *   PG_HOST=<socket folder> PG_PORT=<port> BENCH_JWT_SECRET=… PORT=… bun bench/postgres-peer.ts
 */
import { Hono } from 'hono';
import { jwtVerify } from 'jose';
import postgres from 'postgres';
import { z } from 'zod';

const sql = postgres({ host: process.env.PG_HOST, port: Number(process.env.PG_PORT), user: 'bench', database: 'postgres', max: 10, onnotice: () => {} });
const secret = new TextEncoder().encode(process.env.BENCH_JWT_SECRET);


const columns = sql`id, first_name, last_name, preferred_name, work_email, job_title, department_id, location_id, manager_id,
  employment_type, to_char(hire_date, 'YYYY-MM-DD') AS hire_date, status, to_char(termination_date, 'YYYY-MM-DD') AS termination_date,
  external_id, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, address, emergency_contact, custom, version, created_at, updated_at`;

type Row = Record<string, any>;
const view = (r: Row) => ({
  id: r.id,
  firstName: r.first_name,
  lastName: r.last_name,
  preferredName: r.preferred_name,
  workEmail: r.work_email,
  jobTitle: r.job_title,
  departmentId: r.department_id,
  locationId: r.location_id,
  managerId: r.manager_id,
  employmentType: r.employment_type,
  hireDate: r.hire_date,
  status: r.status,
  terminationDate: r.termination_date,
  externalId: r.external_id,
  birthDate: r.birth_date,
  address: r.address,
  emergencyContact: r.emergency_contact,
  custom: r.custom,
  version: r.version,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const patchBody = z.strictObject({ jobTitle: z.string().trim().min(1).max(200).optional(), preferredName: z.string().max(200).nullable().optional() });
const idParam = z.string().regex(/^emp_[0-9A-Za-z]{10,40}$/);

const app = new Hono<{ Variables: { tenant: string } }>();
app.use('/v1/*', async (c, next) => {
  const header = c.req.header('authorization');
  if (!header?.startsWith('Bearer ')) return c.json({ title: 'Unauthorized' }, 401);
  try {
    const { payload } = await jwtVerify(header.slice(7), secret, { algorithms: ['HS256'], issuer: 'bench', requiredClaims: ['exp'] });
    c.set('tenant', payload.tid as string);
  } catch {
    return c.json({ title: 'Unauthorized' }, 401);
  }
  await next();
});
app.get('/healthz', (c) => c.text('ok'));
app.get('/v1/employees/:id', async (c) => {
  const id = idParam.safeParse(c.req.param('id'));
  if (!id.success) return c.json({ title: 'Not found' }, 404);
  const [row] = await sql`SELECT ${columns} FROM employees WHERE tenant_id = ${c.get('tenant')} AND id = ${id.data}`;
  if (!row) return c.json({ title: 'Not found' }, 404);
  c.header('etag', `"${row.version}"`);
  return c.json(view(row));
});
app.patch('/v1/employees/:id', async (c) => {
  const id = idParam.safeParse(c.req.param('id'));
  if (!id.success) return c.json({ title: 'Not found' }, 404);
  const body = patchBody.safeParse(await c.req.json().catch(() => undefined));
  if (!body.success) return c.json({ title: 'Invalid body', errors: body.error.issues }, 400);
  const match = c.req.header('if-match');
  const expected = match && match !== '*' ? Number(match.replaceAll('"', '')) : undefined;
  const changes: Row = {};
  if (body.data.jobTitle !== undefined) changes.job_title = body.data.jobTitle;
  if (body.data.preferredName !== undefined) changes.preferred_name = body.data.preferredName;
  const [row] = await sql`
    UPDATE employees SET ${sql(changes)}, version = version + 1, updated_at = now()
    WHERE tenant_id = ${c.get('tenant')} AND id = ${id.data} ${expected === undefined ? sql`` : sql`AND version = ${expected}`}
    RETURNING ${columns}`;
  if (!row) return c.json({ title: expected === undefined ? 'Not found' : 'Precondition failed' }, expected === undefined ? 404 : 412);
  c.header('etag', `"${row.version}"`);
  return c.json(view(row));
});

if (import.meta.main) {
  const server = Bun.serve({ port: Number(process.env.PORT), hostname: '127.0.0.1', fetch: app.fetch });
  process.on('SIGTERM', async () => {
    server.stop();
    await sql.end({ timeout: 2 });
    process.exit(0);
  });
}
