import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { notFound } from '../core/errors';
import type { Principal } from '../core/principal';
import { everyone } from '../core/principal';
import { instant } from '../core/reply';
import type { Db } from '../core/store';
import { idOf } from '../core/text';
import { actorOf } from '../people/audience';
import { viewerOf } from '../people/visibility';
import { tenantMessage, type TenantState } from '../tenant/context';
import { personalData, tableName, type PersonalTable } from './personal-data';
import { dataExports, type DataExportRow } from './privacy.sql.ts';
import { subjectOf } from './subject';

/**
 * Subject access: everything Roster holds about one person, as the personal-data map lists
 * it, in JSON: per category, per table, the person's rows (documents as their metadata, no
 * bytes; hashes of credentials left out). HR asks for anyone; an employee for themself.
 * `GET …/data-export` answers at once; `POST …/data-exports` makes a job that writes one
 * section per step (a long history never holds the actor), polled at `/v1/data-exports/:id`.
 */
type Sections = Record<string, Record<string, unknown[]>>;

const sections = personalData.filter((e): e is PersonalTable & { export: { omit?: readonly string[] } } => e.export !== false);

const exportSchema = z.strictObject({
  employeeId: idOf('emp'),
  generatedAt: instant,
  categories: z.record(z.string(), z.record(z.string(), z.array(z.unknown()))).describe('Per data category, per table: the rows about the person'),
});

const jobSchema = z.strictObject({
  id: idOf('dex'),
  employeeId: idOf('emp'),
  status: z.enum(['running', 'completed']),
  progress: z.strictObject({ done: z.number().int(), total: z.number().int() }).describe('Sections written, of all'),
  queuedAt: instant,
  finishedAt: instant.nullable(),
  export: exportSchema.nullable().describe('When completed'),
});

/** One section: the person's rows of one map entry, without the columns it omits. */
async function sectionOf(db: Db, state: TenantState, entry: (typeof sections)[number], employeeId: string): Promise<unknown[]> {
  const where = entry.rows(subjectOf(state, employeeId));
  if (!where) return [];
  const rows = (await db.select().from(entry.table).where(where)) as Record<string, unknown>[];
  const omit = new Set(entry.export.omit ?? []);
  return rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !omit.has(k))));
}

function put(into: Sections, entry: (typeof sections)[number], rows: unknown[]) {
  const category = (into[entry.category] ??= {});
  const name = tableName(entry.table);
  category[name] = [...(category[name] ?? []), ...rows];
}

/** HR reads anyone's; the employee their own; anyone else learns nothing (not even that the record exists). */
function assertMayRead(state: TenantState, principal: Principal, employeeId: string) {
  const viewer = viewerOf(state, principal);
  if (!state.people.employees.has(employeeId) || !(viewer.all || viewer.self === employeeId)) throw notFound('The employee');
}

export const exportPersonalData = tenantMessage.query({
  type: 'privacy.export',
  access: everyone,
  input: z.strictObject({ id: idOf('emp') }),
  output: exportSchema,
  route: { method: 'GET', path: '/v1/employees/:id/data-export', summary: 'Everything held about one person, in JSON (HR, or the employee for themself)' },
  handler: async ({ id }, { state, principal, db, now }) => {
    assertMayRead(state, principal, id);
    const categories: Sections = {};
    for (const entry of sections) put(categories, entry, await sectionOf(db, state, entry, id));
    return { employeeId: id, generatedAt: now.toISOString(), categories };
  },
});

const jobView = (r: DataExportRow) => ({
  id: r.id,
  employeeId: r.employeeId,
  status: r.status,
  progress: { done: r.done, total: r.total },
  queuedAt: r.queuedAt,
  finishedAt: r.finishedAt,
  export: r.status === 'completed' ? { employeeId: r.employeeId, generatedAt: r.finishedAt!, categories: r.result } : null,
});

export const startDataExport = tenantMessage.command({
  type: 'privacy.startExport',
  access: everyone,
  input: z.strictObject({ id: idOf('emp') }),
  output: jobSchema,
  route: { method: 'POST', path: '/v1/employees/:id/data-exports', status: 202, summary: 'Start an export of everything held about one person, as a job to poll (for long histories)' },
  handler: async ({ id }, ctx) => {
    assertMayRead(ctx.state, ctx.principal, id);
    const row: DataExportRow = { id: ctx.ids.next('dex'), employeeId: id, status: 'running', done: 0, total: sections.length, result: {}, requestedBy: actorOf(ctx), queuedAt: ctx.now.toISOString(), finishedAt: null };
    await ctx.db.insert(dataExports).values(row);
    await ctx.schedule({ key: `data-export:${row.id}`, at: ctx.now, type: 'privacy.exportStep', payload: { id: row.id } });
    return jobView(row);
  },
});

/** One section of a running export job, in its own transaction. */
export const exportStep = tenantMessage.command({
  type: 'privacy.exportStep',
  access: 'system',
  input: z.strictObject({ id: idOf('dex') }),
  handler: async ({ id }, ctx) => {
    const [job] = await ctx.db.select().from(dataExports).where(eq(dataExports.id, id));
    if (!job || job.status !== 'running') return { ran: false };
    const entry = sections[job.done];
    const result = { ...job.result };
    if (entry) put(result, entry, await sectionOf(ctx.db, ctx.state, entry, job.employeeId));
    const done = Math.min(job.done + 1, sections.length);
    const finished = done >= sections.length;
    await ctx.db
      .update(dataExports)
      .set({ result, done, total: sections.length, status: finished ? 'completed' : 'running', finishedAt: finished ? ctx.now.toISOString() : null })
      .where(eq(dataExports.id, id));
    // The next section at the job's own start: always due, and the earliest due time stays the same.
    if (!finished) await ctx.schedule({ key: `data-export:${id}`, at: job.queuedAt, type: 'privacy.exportStep', payload: { id } });
    return { ran: true };
  },
});

export const getDataExport = tenantMessage.query({
  type: 'privacy.getExport',
  access: everyone,
  input: z.strictObject({ id: idOf('dex') }),
  output: jobSchema,
  route: { method: 'GET', path: '/v1/data-exports/:id', summary: 'An export job: its progress, and the export once completed' },
  handler: async ({ id }, { db, state, principal }) => {
    const [job] = await db.select().from(dataExports).where(eq(dataExports.id, id));
    if (!job) throw notFound('The export');
    assertMayRead(state, principal, job.employeeId);
    return jobView(job);
  },
});
