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
import { entriesDue, type DueEntry } from './entitlement';
import { appliesToInput, employeesGoverned, type AppliesTo } from './scope';
import { accrued } from './timeoff';
import { ledger, leaveTypes, policies, type PolicyRow } from './timeoff.sql.ts';
import { pageOf } from '../core/reply';
import { accrualRunSchema, policySchema, previewSchema } from './replies';

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
    startsOn: isoDate.refine((d) => d.endsWith('-01'), 'Must be the first day of a month.').meta({ examples: ['2026-01-01'] }),
    allowNegative: z.boolean().default(false),
    carryOverCap: z.number().min(0).max(366).nullable().default(null),
    // Within the year, so carried days are settled before the next year's cap reads the balance.
    carryOverExpiresAfterMonths: z.number().int().min(1).max(11).nullable().default(null),
    appliesTo: appliesToInput.default({ scope: 'everyone' }),
  }),
  output: policySchema,
  route: { method: 'POST', path: '/v1/timeoff-policies', status: 201, summary: 'Create a policy: monthly accrual or a yearly grant, for a scope, with carry-over rules' },
  handler: async (input, ctx) => {
    const [type] = await ctx.db.select().from(leaveTypes).where(eq(leaveTypes.id, input.leaveTypeId));
    if (!type) throw unprocessable('unknown_leave_type', 'The leave type does not exist.', 'leaveTypeId');
    assertScopeExists(ctx.state, input.appliesTo);
    const policy: PolicyRow = { id: ctx.ids.next('pol'), ...input, createdAt: ctx.now.toISOString() };
    await ctx.db.insert(policies).values(policy);
    // The first run is due when the policy starts; one already started catches up at once.
    await ctx.schedule({ key: timerKey(policy.id), at: tenantDayStart(ctx.state, policy.startsOn), type: 'timeoff.runAccruals', payload: { policyId: policy.id } });
    ctx.audit({ entity: 'timeoff_policy', id: policy.id, after: policy });
    return policy;
  },
});

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
 * Grants every accrual, grant and carry-over expiry due up to a date that the ledger does
 * not hold yet, for every employee the policy governs, in one transaction; then sets the
 * policy's timer to the next first of month (carry-over dates are firsts of months too).
 * Run by the timer, or by HR: it is idempotent, a period is written once, whoever runs it.
 */
export const runAccruals = tenantMessage.command({
  type: 'timeoff.runAccruals',
  access: peopleManagers,
  input: z.strictObject({ policyId: idOf('pol'), upTo: isoDate.optional() }),
  output: accrualRunSchema,
  route: { method: 'POST', path: '/v1/timeoff-policies/:policyId/accruals', summary: 'Run the policy now (idempotent)' },
  handler: async ({ policyId, upTo }, ctx) => {
    const policy = await loadPolicy(ctx, policyId);
    const today = tenantToday(ctx.state, ctx.now);
    const until = upTo && upTo < today ? upTo : today;
    const due = await dueByEmployee(ctx, policy, until);
    let granted = 0;
    for (const [employeeId, entries] of due) {
      for (const e of entries) {
        // The unique period index is the last guard against a row written twice.
        await ctx.db
          .insert(ledger)
          .values({ id: ctx.ids.next('led'), employeeId, leaveTypeId: policy.leaveTypeId, ...e, createdAt: ctx.now.toISOString() })
          .onConflictDoNothing();
        granted++;
      }
    }
    await ctx.schedule({ key: timerKey(policy.id), at: tenantDayStart(ctx.state, nextMonthStart(until)), type: 'timeoff.runAccruals', payload: { policyId: policy.id } });
    ctx.emit(accrued.create(policy.id, { policyId, upTo: until, granted }));
    return { policyId, upTo: until, granted };
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
    const due = await dueByEmployee(ctx, policy, upTo, employeeId);
    return { policyId: policy.id, from, upTo, items: [...due].map(([emp, entries]) => ({ employeeId: emp, entries })) };
  },
});

async function loadPolicy(ctx: ReadCtx, id: string): Promise<PolicyRow> {
  const [policy] = await ctx.db.select().from(policies).where(eq(policies.id, id));
  if (!policy) throw notFound('The policy');
  return policy;
}

/** The run and the preview share this: who the policy governs, and what each is owed. */
async function dueByEmployee(ctx: ReadCtx, policy: PolicyRow, upTo: string, only?: string): Promise<Map<string, DueEntry[]>> {
  const sameType = await ctx.db.select().from(policies).where(eq(policies.leaveTypeId, policy.leaveTypeId));
  const governed = employeesGoverned(ctx.state, policy, sameType).filter((e) => !only || e.id === only);
  const rows = await ctx.db
    .select({ employeeId: ledger.employeeId, kind: ledger.kind, amount: ledger.amount, effectiveOn: ledger.effectiveOn, period: ledger.period })
    .from(ledger)
    .where(eq(ledger.leaveTypeId, policy.leaveTypeId));
  const byEmployee = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byEmployee.get(r.employeeId);
    if (list) list.push(r);
    else byEmployee.set(r.employeeId, [r]);
  }
  const out = new Map<string, DueEntry[]>();
  for (const e of governed.sort((a, b) => (a.id < b.id ? -1 : 1))) {
    // Terminated without a date is an old record: nothing is known to be owed.
    if (e.status === 'terminated' && !e.terminationDate) continue;
    out.set(e.id, entriesDue(policy, e, byEmployee.get(e.id) ?? [], upTo));
  }
  return out;
}

/** A date moved by whole months, the day clamped to the month's length. */
function addMonthsToDate(date: string, months: number): string {
  const d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1 + months, 1));
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  return `${d.toISOString().slice(0, 8)}${String(Math.min(Number(date.slice(8, 10)), last)).padStart(2, '0')}`;
}
