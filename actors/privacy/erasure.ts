import { inlineLimit } from '../core/prepared';
import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, notFound } from '../core/errors';
import type { CommandCtx } from '../core/message';
import { peopleManagers } from '../core/principal';
import { instant, listOf } from '../core/reply';
import { idOf, text } from '../core/text';
import { actorOf } from '../people/audience';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { tenantToday } from '../tenant/today';
import { dataCategories, erasableCategories, logPrefixes, type ErasableCategory } from './categories';
import { personalData, type PersonalTable } from './personal-data';
import { erasures, type ErasureRow } from './privacy.sql.ts';
import { mentions, scrub, type ScrubRule } from './scrub';
import { pseudonymOf, scrubRules, subjectOf, type Subject } from './subject';

/**
 * Erasure of one person's data, by category, driven by the personal-data map. It runs as a
 * job of steps (one entry of the map, or one page of a log table, per step), each a command
 * in its own transaction that moves the job's progress marker with its changes: a crash
 * leaves every row either untouched or fully done, and the timer of the next step (persisted
 * in the same transaction) resumes the job when the actor activates again. A step run twice
 * finds nothing left to change: the job is idempotent.
 *
 * Only for people whose employment has ended (their termination has taken effect): while
 * someone works here their data is in use. The erasure's own record keeps who, when, why and
 * which categories, with counts, never a value.
 */
type Ctx = CommandCtx<TenantState, TenantServices>;

const logPage = 200;
/** The keys by which a log row is of a person: its subject (events, audit rows, webhook payloads), its employee, its addressee. */
const ownKeys = ['subject', 'employeeId', 'userId', 'ownerUserId'];
const timerKey = (id: string) => `erasure:${id}`;

const erasureSchema = z.strictObject({
  id: idOf('era'),
  employeeId: idOf('emp'),
  trigger: z.enum(['request', 'retention']),
  categories: z.array(z.enum(erasableCategories)),
  reason: z.string(),
  status: z.enum(['running', 'completed']),
  progress: z.strictObject({ done: z.number().int(), total: z.number().int() }).describe('Steps of the plan done'),
  counts: z.record(z.string(), z.number().int()).describe('Rows removed or rewritten, per category'),
  requestedBy: z.string(),
  startedAt: instant,
  finishedAt: instant.nullable(),
});

const view = (r: ErasureRow) => ({
  id: r.id,
  employeeId: r.employeeId,
  trigger: r.trigger,
  categories: r.categories as ErasableCategory[],
  reason: r.reason,
  status: r.status,
  progress: { done: Math.min(r.step, planOf(r.categories as ErasableCategory[]).length), total: planOf(r.categories as ErasableCategory[]).length },
  counts: r.counts,
  requestedBy: r.requestedBy,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
});

/** The steps an erasure of these categories takes, in the map's order; the logs are always scrubbed, and earlier exports always go. */
export function planOf(categories: readonly ErasableCategory[]): PersonalTable[] {
  const chosen = (c: string) => (categories as readonly string[]).includes(c);
  return personalData.filter((e) => e.erase.how === 'scrub' || e.always || (e.erase.how !== 'keep' && (chosen(e.category) || e.alsoFor?.some(chosen))));
}

/** Why a person cannot be erased yet, or undefined. */
function notEnded(state: TenantState, employeeId: string, now: Date): string | undefined {
  const e = state.people.employees.get(employeeId)!;
  if (e.status !== 'terminated') return `They are still employed (status ${e.status}); their data is in use until their last day has passed.`;
  if (e.terminationDate && e.terminationDate > tenantToday(state, now)) return `Their last day, ${e.terminationDate}, has not come yet.`;
  return undefined;
}

const preview = z.strictObject({
  employeeId: idOf('emp'),
  eligible: z.boolean(),
  why: z.string().nullable().describe('Why not, when not eligible'),
  categories: z.array(
    z.strictObject({
      category: z.enum(dataCategories),
      remove: z.number().int().describe('Rows that go'),
      pseudonymise: z.number().int().describe('Rows rewritten in place (names become the pseudonym)'),
      scrub: z.number().int().describe('Log rows about them that lose their values'),
      keep: z.number().int().describe('Rows kept as they are (they hold no erased value)'),
    }),
  ),
});

export const previewErasure = tenantMessage.query({
  type: 'privacy.previewErasure',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('emp') }),
  output: preview,
  route: { method: 'GET', path: '/v1/employees/:id/erasure', summary: 'What an erasure of this person would remove, pseudonymise and keep, per category' },
  handler: async ({ id }, { state, db, now }) => {
    if (!state.people.employees.has(id)) throw notFound('The employee');
    const s = subjectOf(state, id);
    const counts = new Map<string, { remove: number; pseudonymise: number; scrub: number; keep: number }>();
    for (const entry of personalData) {
      const where = entry.rows(s);
      if (!where) continue;
      const [row] = await db.select({ n: sql<number>`count(*)` }).from(entry.table).where(where);
      const n = Number(row?.n ?? 0);
      const c = counts.get(entry.category) ?? { remove: 0, pseudonymise: 0, scrub: 0, keep: 0 };
      const how = entry.erase.how;
      c[how === 'custom' ? 'remove' : how] += n;
      counts.set(entry.category, c);
    }
    const why = notEnded(state, id, now);
    return { employeeId: id, eligible: !why, why: why ?? null, categories: [...counts].map(([category, c]) => ({ category: category as (typeof dataCategories)[number], ...c })) };
  },
});

export const startErasure = tenantMessage.command({
  type: 'privacy.erase',
  access: peopleManagers,
  input: z.strictObject({
    id: idOf('emp'),
    reason: text(500),
    categories: z.array(z.enum(erasableCategories)).min(1).optional().describe('Default: every category'),
  }),
  output: erasureSchema,
  route: {
    method: 'POST',
    path: '/v1/employees/:id/erasure',
    status: 202,
    statusOf: (job: z.output<typeof erasureSchema>) => (job.status === 'running' ? 202 : 200),
    otherStatuses: { 200: 'Nothing left to do' },
    summary: 'Erase a former employee’s personal data (a job: poll /v1/erasures/:id); names become a stable pseudonym',
    problems: { 409: 'The person still works here, or their last day has not passed (`employment_not_ended`, saying which)' },
  },
  handler: async ({ id, reason, categories }, ctx) => {
    if (!ctx.state.people.employees.has(id)) throw notFound('The employee');
    const why = notEnded(ctx.state, id, ctx.now);
    if (why) throw new AppError(409, 'employment_not_ended', why, [{ field: 'id', message: why }]);
    return view(await begin(ctx, id, 'request', categories ?? [...erasableCategories], reason));
  },
});

/** Starts an erasure, or answers the one already running for the person (a retry starts nothing new). */
export async function begin(ctx: Ctx, employeeId: string, trigger: ErasureRow['trigger'], categories: readonly ErasableCategory[], reason: string): Promise<ErasureRow> {
  const [running] = await ctx.db.select().from(erasures).where(and(eq(erasures.employeeId, employeeId), eq(erasures.status, 'running')));
  if (running) return running;
  const row: ErasureRow = {
    id: ctx.ids.next('era'),
    employeeId,
    trigger,
    categories: erasableCategories.filter((c) => categories.includes(c)),
    reason,
    status: 'running',
    step: 0,
    cursor: 0,
    pendingBlobs: [],
    counts: {},
    requestedBy: actorOf(ctx),
    startedAt: ctx.now.toISOString(),
    finishedAt: null,
  };
  await ctx.db.insert(erasures).values(row);
  ctx.audit({ entity: 'erasure', id: row.id, after: { employeeId, trigger, categories: row.categories, reason } });
  await ctx.schedule({ key: timerKey(row.id), at: ctx.now, type: 'privacy.eraseStep', payload: { id: row.id } });
  return row;
}

/** One step of a running erasure, on its timer. */
export const eraseStep = tenantMessage.command({
  type: 'privacy.eraseStep',
  access: 'system',
  input: z.strictObject({ id: idOf('era') }),
  handler: async ({ id }, ctx) => {
    const [job] = await ctx.db.select().from(erasures).where(eq(erasures.id, id));
    if (!job || job.status !== 'running') return { ran: false };
    const next = await step(ctx, job);
    await ctx.db.update(erasures).set(next).where(eq(erasures.id, id));
    // The next step at the job's own start: always due, and the earliest due time stays the same.
    if ((next.status ?? job.status) === 'running') await ctx.schedule({ key: timerKey(id), at: job.startedAt, type: 'privacy.eraseStep', payload: { id } });
    return { ran: true };
  },
});

async function step(ctx: Ctx, job: ErasureRow): Promise<Partial<ErasureRow>> {
  const categories = job.categories as ErasableCategory[];
  const plan = planOf(categories);
  const counts = { ...job.counts };
  const add = (category: string, n: number) => n > 0 && (counts[category] = (counts[category] ?? 0) + n);
  if (job.step >= plan.length) {
    // The documents' rows went in an earlier step; now their bytes.
    const blobs = ctx.services.documents?.blobs;
    for (const key of job.pendingBlobs) await blobs?.delete(key);
    ctx.audit({ entity: 'erasure', id: job.id, after: { status: 'completed', categories, counts } });
    return { status: 'completed', pendingBlobs: [], finishedAt: ctx.now.toISOString(), counts };
  }
  const entry = plan[job.step]!;
  const s = subjectOf(ctx.state, job.employeeId);
  const pseudonym = await pseudonymOf(ctx.state.tenantId, job.employeeId);
  const done = { step: job.step + 1, cursor: 0 };
  const erase = entry.erase;
  switch (erase.how) {
    case 'remove': {
      const where = entry.rows(s);
      if (where) {
        const [row] = await ctx.db.select({ n: sql<number>`count(*)` }).from(entry.table).where(where);
        if (Number(row?.n ?? 0) > 0) await ctx.db.delete(entry.table).where(where);
        add(entry.category, Number(row?.n ?? 0));
      }
      erase.forget?.(ctx, s);
      return { ...done, counts };
    }
    case 'pseudonymise':
      // Counted under the category the job erases (a retention run of personal details rewrites the record too).
      add(categories.includes(entry.category as ErasableCategory) ? entry.category : (entry.alsoFor?.find((c) => categories.includes(c)) ?? entry.category), await erase.run(ctx, s, pseudonym, categories));
      return { ...done, counts };
    case 'custom': {
      const { count, blobs } = await erase.run(ctx, s, pseudonym);
      add(entry.category, count);
      return { ...done, counts, pendingBlobs: [...job.pendingBlobs, ...(blobs ?? [])] };
    }
    case 'scrub': {
      const rules = await scrubRules(ctx.db, ctx.state, s, categories, pseudonym);
      const { rows, last } = await scrubPage(ctx, entry, erase, s, rules, categories, job.cursor);
      add(entry.category, rows);
      return last === undefined ? { ...done, counts } : { cursor: last, counts };
    }
    case 'keep':
      return { ...done, counts };
  }
}

/** One page of a log table: each row that names the person or holds one of their values is rewritten. */
async function scrubPage(
  ctx: Ctx,
  entry: PersonalTable,
  erase: { columns: readonly string[]; kind?: string; whole?: 'empty' | 'delete' },
  s: Subject,
  rules: { about: ScrubRule; mention: ScrubRule },
  categories: readonly ErasableCategory[],
  cursor: number,
): Promise<{ rows: number; last: number | undefined }> {
  const table = entry.table;
  const page = await ctx.db
    .select({ rid: sql<number>`rowid`, ...getTableColumns(table) })
    .from(table)
    .where(sql`rowid > ${cursor}`)
    .orderBy(sql`rowid`)
    .limit(inlineLimit(logPage));
  const prefixes = categories.flatMap((c) => logPrefixes[c] ?? []);
  let rewritten = 0;
  for (const row of page as Record<string, unknown>[]) {
    const { rid: _rid, ...cells } = row;
    const textOf = JSON.stringify(cells);
    // Theirs: the row is of them (its subject, its employee or user). A row that only refers
    // to them (a report's event naming them as manager) is someone else's: it keeps its
    // names and keys, and loses only the values that can be nobody else's.
    const own = s.ids.some((id) => ownKeys.some((k) => textOf.includes(`"${k}":"${id}"`)));
    const kind = erase.kind ? String(row[erase.kind] ?? '') : '';
    const whole = own && erase.whole !== undefined && prefixes.some((p) => kind.startsWith(p));
    if (whole && erase.whole === 'delete') {
      await ctx.db.delete(table).where(sql`rowid = ${row.rid}`);
      rewritten++;
      continue;
    }
    const rule = own ? rules.about : mentions(textOf, rules.mention) ? rules.mention : undefined;
    if (!rule && !whole) continue;
    const patch: Record<string, unknown> = {};
    for (const column of erase.columns) {
      const value = row[column];
      if (value === null || value === undefined) continue;
      const next = whole ? emptied(value) : scrub(value, rule!);
      if (JSON.stringify(next) !== JSON.stringify(value)) patch[column] = next;
    }
    if (Object.keys(patch).length === 0) continue;
    await ctx.db.update(table).set(patch).where(sql`rowid = ${row.rid}`);
    rewritten++;
  }
  return { rows: rewritten, last: page.length < logPage ? undefined : Number((page.at(-1) as { rid: number }).rid) };
}

/** A log row of an erased category about the person: its type and time stay, its content goes. */
function emptied(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value) && 'data' in value) return { ...(value as object), data: { erased: true } };
  if (Array.isArray(value)) return [];
  if (typeof value === 'string') return '[erased]';
  return { erased: true };
}

export const getErasure = tenantMessage.query({
  type: 'privacy.getErasure',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('era') }),
  output: erasureSchema,
  route: { method: 'GET', path: '/v1/erasures/:id', summary: 'An erasure: its progress, or its record once completed' },
  handler: async ({ id }, { db }) => {
    const [row] = await db.select().from(erasures).where(eq(erasures.id, id));
    if (!row) throw notFound('The erasure');
    return view(row);
  },
});

export const listErasures = tenantMessage.query({
  type: 'privacy.listErasures',
  access: peopleManagers,
  input: z.strictObject({ employeeId: idOf('emp').optional() }),
  output: listOf(erasureSchema),
  route: { method: 'GET', path: '/v1/erasures', summary: 'The record of erasures: who asked, when, why, which categories (never the erased values)' },
  handler: async ({ employeeId }, { db }) => {
    const rows = await db.select().from(erasures).where(employeeId ? eq(erasures.employeeId, employeeId) : undefined).orderBy(desc(erasures.startedAt)).limit(inlineLimit(500));
    return { items: rows.map(view) };
  },
});
