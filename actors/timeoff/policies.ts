import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { notFound, unprocessable } from '../core/errors';
import type { CommandCtx, QueryCtx } from '../core/message';
import { pageInput, paginate } from '../core/pagination';
import { peopleManagers } from '../core/principal';
import { idOf, isoDate, text } from '../core/text';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { tenantDayStart, tenantToday } from '../tenant/today';
import { nextMonthStart } from './accrual';
import { appliesToInput, type AppliesTo } from './scope';
import { accrualOverdue, accrued } from './balances';
import { leaveTypes, policies, type PolicyRow } from './timeoff.sql.ts';
import { pageOf } from '../core/reply';
import { accrualRunSchema, policyChangeSchema, policySchema, previewSchema } from './replies';
import { derive } from './ledger/derive';
import { factsOf, forgetPolicies, loadFacts } from './ledger/facts';
import { impactOf, plan, reconcile, type Cause, type Impact } from './ledger/reconcile';
import './ledger/listeners';

const firstOfMonth = isoDate
  .refine((d) => d.endsWith('-01'), 'Must be the first day of a month.')
  // The pattern says it all; `format: date` would let generators make any day of the month.
  .meta({ format: undefined, pattern: '^\\d{4}-(?:0[1-9]|1[0-2])-01$', description: 'The first day of a month, YYYY-MM-01', examples: ['2026-01-01'] });

type Ctx = CommandCtx<TenantState, TenantServices>;
type ReadCtx = QueryCtx<TenantState, TenantServices>;

const timerKey = (policyId: string) => `accrual:${policyId}`;

export const createPolicy = tenantMessage.command({
  type: 'policies.create',
  access: peopleManagers,
  input: z.strictObject({
    leaveTypeId: idOf('ltp'),
    name: text(80),
    yearlyEntitlement: z.number().min(0).max(366),
    accrual: z.enum(['monthly', 'yearly']).default('monthly'),
    startsOn: firstOfMonth.meta({ examples: ['2026-01-01'] }),
    allowNegative: z.boolean().default(false),
    carryOverCap: z.number().min(0).max(366).nullable().default(null),
    // Within the year, so carried days are settled before the next year's cap reads the balance.
    carryOverExpiresAfterMonths: z.number().int().min(1).max(11).nullable().default(null),
    appliesTo: appliesToInput.default({ scope: 'everyone' }),
    endsOn: firstOfMonth.nullable().default(null),
    dryRun: z.boolean().default(false).describe('Answer the ledger rows the policy would write, per employee, and write nothing'),
  }),
  output: policyChangeSchema,
  route: { method: 'POST', path: '/v1/timeoff-policies', status: 201, summary: 'Create a policy: monthly accrual or a yearly grant, for a scope, with carry-over rules; it covers the people in scope at once' },
  handler: async ({ dryRun, ...input }, ctx) => {
    const [type] = await ctx.db.select().from(leaveTypes).where(eq(leaveTypes.id, input.leaveTypeId));
    if (!type) throw unprocessable('unknown_leave_type', 'The leave type does not exist.', 'leaveTypeId');
    assertScopeExists(ctx.state, input.appliesTo);
    if (input.endsOn && input.endsOn <= input.startsOn) throw unprocessable('invalid_range', 'A policy ends after it starts.', 'endsOn');
    const at = ctx.now.toISOString();
    const policy: PolicyRow = { id: ctx.ids.next('pol'), ...input, createdAt: at, updatedAt: at };
    const cause = { id: policy.id, reason: `Policy ${policy.name} created` };
    if (dryRun) return { ...policy, dryRun, ledger: await impactWith(ctx, policy, cause) };
    await ctx.db.insert(policies).values(policy);
    forgetPolicies(ctx.meta);
    // Everyone the policy governs is owed their rows now, not at the next run.
    const ledgerRows = await reconcile(ctx, cause, { leaveTypeId: policy.leaveTypeId });
    await scheduleNextRun(ctx, policy);
    ctx.audit({ entity: 'timeoff_policy', id: policy.id, after: policy });
    return { ...policy, dryRun, ledger: ledgerRows };
  },
});

/**
 * Edits a policy, retirement included (`endsOn`). The rules apply to every period the policy
 * governs, past ones too: the ledger gets correcting rows for the difference, at once.
 */
export const updatePolicy = tenantMessage.command({
  type: 'policies.update',
  access: peopleManagers,
  input: z.strictObject({
    id: idOf('pol'),
    name: text(80).optional(),
    yearlyEntitlement: z.number().min(0).max(366).optional(),
    allowNegative: z.boolean().optional(),
    carryOverCap: z.number().min(0).max(366).nullable().optional(),
    carryOverExpiresAfterMonths: z.number().int().min(1).max(11).nullable().optional(),
    appliesTo: appliesToInput.optional(),
    endsOn: firstOfMonth.nullable().optional().describe('Retire the policy: it governs nobody from this first of month on'),
    dryRun: z.boolean().default(false),
  }),
  output: policyChangeSchema,
  route: { method: 'PATCH', path: '/v1/timeoff-policies/:id', summary: 'Edit or retire a policy; the ledger is corrected at once (dryRun: answer the rows, write nothing)' },
  handler: async ({ id, dryRun, ...patch }, ctx) => {
    const current = await loadPolicy(ctx, id);
    if (patch.appliesTo) assertScopeExists(ctx.state, patch.appliesTo);
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<PolicyRow>;
    const updated: PolicyRow = { ...current, ...changes, updatedAt: ctx.now.toISOString() };
    if (updated.endsOn && updated.endsOn <= updated.startsOn) throw unprocessable('invalid_range', 'A policy ends after it starts.', 'endsOn');
    const cause = { id: current.id, reason: `Policy ${updated.name} ${patch.endsOn ? `retired from ${patch.endsOn}` : 'changed'}` };
    if (dryRun) return { ...updated, dryRun, ledger: await impactWith(ctx, updated, cause) };
    const { id: _id, ...columns } = updated;
    await ctx.db.update(policies).set(columns).where(eq(policies.id, id));
    forgetPolicies(ctx.meta);
    const ledgerRows = await reconcile(ctx, cause, { leaveTypeId: updated.leaveTypeId });
    ctx.audit({ entity: 'timeoff_policy', id, before: current, after: updated });
    return { ...updated, dryRun, ledger: ledgerRows };
  },
});

/** The impact of the leave type's policies with `policy` created or replaced, writing nothing. */
async function impactWith(ctx: ReadCtx, policy: PolicyRow, cause: Cause): Promise<Impact[]> {
  const loaded = await loadFacts(ctx.db, 'all', policy.leaveTypeId);
  const others = (loaded.policiesByType.get(policy.leaveTypeId) ?? []).filter((p) => p.id !== policy.id);
  loaded.policiesByType.set(policy.leaveTypeId, [...others, policy].sort((a, b) => (a.id < b.id ? -1 : 1)));
  return impactOf(ctx, cause, { leaveTypeId: policy.leaveTypeId, loaded });
}

/** Timers only move time forward: the next first of month (accruals and carry-over dates are all firsts). */
async function scheduleNextRun(ctx: Ctx, policy: PolicyRow) {
  const today = tenantToday(ctx.state, ctx.now);
  const next = policy.startsOn > today ? policy.startsOn : nextMonthStart(today);
  await ctx.schedule({ key: timerKey(policy.id), at: tenantDayStart(ctx.state, next), type: 'timeoff.runAccruals', payload: { policyId: policy.id } });
}

function assertScopeExists(state: TenantState, a: AppliesTo) {
  if (a.scope === 'department' && !state.organisation.departments.get(a.departmentId)) {
    throw unprocessable('unknown_department', 'The department does not exist.', 'appliesTo.departmentId');
  }
  if (a.scope === 'location' && !state.organisation.locations.get(a.locationId)) {
    throw unprocessable('unknown_location', 'The location does not exist.', 'appliesTo.locationId');
  }
  if (a.scope === 'employee' && !state.people.employees.get(a.employeeId)) {
    throw unprocessable('unknown_employee', 'The employee does not exist.', 'appliesTo.employeeId');
  }
}

export const listPolicies = tenantMessage.query({
  type: 'policies.list',
  access: peopleManagers,
  input: z.strictObject({ ...pageInput, leaveTypeId: idOf('ltp').optional() }),
  output: pageOf(policySchema),
  route: { method: 'GET', path: '/v1/timeoff-policies', summary: 'List time-off policies, a page at a time' },
  handler: async ({ limit, cursor, leaveTypeId }, { db }) => {
    const rows = await db.select().from(policies).where(leaveTypeId ? eq(policies.leaveTypeId, leaveTypeId) : undefined);
    const { page, nextCursor } = paginate(rows, { sort: 'name', limit, cursor, keyOf: (p) => p.name });
    return { items: page, nextCursor };
  },
});

export const getPolicy = tenantMessage.query({
  type: 'policies.get',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('pol') }),
  output: policySchema,
  route: { method: 'GET', path: '/v1/timeoff-policies/:id', summary: 'A time-off policy' },
  handler: async ({ id }, { db }) => {
    const [policy] = await db.select().from(policies).where(eq(policies.id, id));
    if (!policy) throw notFound('The policy');
    return policy;
  },
});

/**
 * Brings the ledger of everyone with the policy's leave type up to today: the rows that
 * became due since the last run (a new month, a carry-over date). Reads never wait for it
 * (they count what is due), so a late timer delays nothing a balance shows; but when a run
 * finds rows that were due before today, it says so to HR. Idempotent: a second run finds
 * nothing to correct.
 */
export const runAccruals = tenantMessage.command({
  type: 'timeoff.runAccruals',
  access: peopleManagers,
  input: z.strictObject({ policyId: idOf('pol') }),
  output: accrualRunSchema,
  route: { method: 'POST', path: '/v1/timeoff-policies/:policyId/accruals', summary: 'Bring the ledger up to today now (idempotent)' },
  handler: async ({ policyId }, ctx) => {
    const policy = await loadPolicy(ctx, policyId);
    const today = tenantToday(ctx.state, ctx.now);
    const impact = await reconcile(ctx, { id: `run:${today}`, reason: ctx.meta.timer ? 'Monthly run' : 'Run by HR' }, { leaveTypeId: policy.leaveTypeId });
    const granted = impact.reduce((n, i) => n + i.rows.length, 0);
    const overdue = impact.flatMap((i) => i.rows).filter((r) => r.effectiveOn < today && r.kind !== 'settlement');
    if (ctx.meta.timer && overdue.length > 0) {
      const since = overdue.map((r) => r.effectiveOn).sort()[0]!;
      ctx.emit(accrualOverdue.create(policy.id, { policyId, policyName: policy.name, rows: overdue.length, since }));
    }
    await scheduleNextRun(ctx, policy);
    ctx.emit(accrued.create(policy.id, { policyId, upTo: today, granted }));
    return { policyId, upTo: today, granted };
  },
});

export const previewPolicy = tenantMessage.query({
  type: 'policies.preview',
  access: peopleManagers,
  input: z.strictObject({
    id: idOf('pol'),
    months: z.coerce.number().int().min(0).max(24).default(3),
    employeeId: idOf('emp').optional(),
  }),
  output: previewSchema,
  route: { method: 'GET', path: '/v1/timeoff-policies/:id/preview', summary: 'What the policy would write over the next months, per employee; writes nothing' },
  handler: async ({ id, months, employeeId }, ctx) => {
    const policy = await loadPolicy(ctx, id);
    if (employeeId && !ctx.state.people.employees.has(employeeId)) throw notFound('The employee');
    const from = tenantToday(ctx.state, ctx.now);
    const upTo = addMonthsToDate(from, months);
    // Rows already due but not yet written come first: they are what the next run writes.
    const due = await dueByEmployee(ctx, policy, from, upTo, employeeId);
    return { policyId: policy.id, from, upTo, items: [...due].map(([emp, entries]) => ({ employeeId: emp, entries })) };
  },
});

async function loadPolicy(ctx: ReadCtx, id: string): Promise<PolicyRow> {
  const [policy] = await ctx.db.select().from(policies).where(eq(policies.id, id));
  if (!policy) throw notFound('The policy');
  return policy;
}

/** What the policy will write per employee it governs by `upTo`: the corrections due today, then the derived rows after it. */
async function dueByEmployee(ctx: ReadCtx, policy: PolicyRow, today: string, upTo: string, only?: string): Promise<Map<string, PreviewEntry[]>> {
  const loaded = await loadFacts(ctx.db, only ? [only] : 'all', policy.leaveTypeId);
  const out = new Map<string, PreviewEntry[]>();
  const ids = only ? [only] : [...ctx.state.people.employees.keys()].sort();
  for (const id of ids) {
    const e = ctx.state.people.employees.get(id)!;
    const f = factsOf(ctx.state, loaded, e, policy.leaveTypeId);
    const governed = (r: { effectiveOn: string }) => f.governing(r.effectiveOn)?.id === policy.id;
    const now = plan(ctx.state, loaded, e, policy.leaveTypeId, today, { id: 'preview', reason: policy.name }).filter((r) => r.kind !== 'settlement');
    const later = derive(f, upTo).filter((r) => r.effectiveOn > today && r.kind !== 'settlement');
    const entries = [...now, ...later].filter(governed).map(({ kind, period, effectiveOn, amount, reason }) => ({ kind: kind as PreviewEntry['kind'], period, effectiveOn, amount, reason }));
    if (entries.length > 0 || f.governing(today)?.id === policy.id) out.set(id, entries);
  }
  return out;
}
type PreviewEntry = { kind: 'accrual' | 'grant' | 'expiry'; period: string; effectiveOn: string; amount: number; reason: string };

/** A date moved by whole months, the day clamped to the month's length. */
function addMonthsToDate(date: string, months: number): string {
  const d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1 + months, 1));
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  return `${d.toISOString().slice(0, 8)}${String(Math.min(Number(date.slice(8, 10)), last)).padStart(2, '0')}`;
}
