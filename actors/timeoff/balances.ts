import { and, eq, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineEvent } from '../core/event';
import { forbidden, notFound, unprocessable } from '../core/errors';
import type { CommandCtx, QueryCtx } from '../core/message';
import { everyone, peopleManagers } from '../core/principal';
import { ownEmployeeId, seesEmployment, viewerOf } from '../people/visibility';
import { idOf, isoDate, text } from '../core/text';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { tenantToday } from '../tenant/today';
import { balancesAsOf } from './ledger/projection';
import { reconcile } from './ledger/reconcile';
import { requestEvents } from './events';
import { ledgerEvents } from './ledger/events';
import { ledger, leaveTypes } from './timeoff.sql.ts';
import { listOf } from '../core/reply';
import { balancesSchema, ledgerEntrySchema } from './replies';

export const accrued = defineEvent({
  type: 'timeoff.accrued',
  summary: 'A policy run granted days off or expired carried days',
  data: z.object({ policyId: z.string(), upTo: z.string(), granted: z.number() }),
});
export const balanceAdjusted = defineEvent({
  type: 'timeoff.balance_adjusted',
  summary: "HR adjusted an employee's balance",
  data: z.object({ employeeId: z.string(), leaveTypeId: z.string(), amount: z.number(), reason: z.string() }),
});
export const accrualOverdue = defineEvent({
  type: 'timeoff.accrual_overdue',
  summary: 'A policy run found ledger rows that were due before today (a timer ran late); balances already counted them',
  data: z.object({ policyId: z.string(), policyName: z.string(), rows: z.number(), since: z.string() }),
});
export const timeoffEvents = [accrued, accrualOverdue, balanceAdjusted, ...requestEvents, ...ledgerEvents];


export const getBalances = tenantMessage.query({
  type: 'balances.get',
  access: everyone,
  input: z.strictObject({ id: idOf('emp'), asOf: isoDate.optional() }),
  output: balancesSchema,
  route: { method: 'GET', path: '/v1/employees/:id/balances', summary: "An employee's balances as of a date: the ledger up to it; after today, the projection (projected: true)" },
  handler: async ({ id, asOf }, ctx) => {
    const employee = ctx.state.people.employees.get(id);
    if (!seesEmployment(viewerOf(ctx.state, ctx.principal), employee)) throw notFound('The employee');
    const date = asOf ?? tenantToday(ctx.state, ctx.now);
    const items = await balancesAsOf(ctx, employee, date);
    const lastDay = employee.status === 'terminated' ? employee.terminationDate : null;
    return { employeeId: id, asOf: date, projected: date > tenantToday(ctx.state, ctx.now), lastDay, items: items.map(({ leaveTypeId, balance }) => ({ leaveTypeId, balance })) };
  },
});

export const adjustBalance = tenantMessage.command({
  type: 'balances.adjust',
  access: peopleManagers,
  input: z.strictObject({
    id: idOf('emp'),
    leaveTypeId: idOf('ltp'),
    amount: z.number().min(-366).max(366).refine((n) => n !== 0, 'Must not be zero.').meta({ not: { const: 0 } }),
    reason: text(200),
    effectiveOn: isoDate.optional(),
  }),
  output: ledgerEntrySchema,
  route: { method: 'POST', path: '/v1/employees/:id/balances/adjustments', status: 201, summary: 'Adjust a balance, with a reason' },
  handler: async (input, ctx) => {
    if (!ctx.state.people.employees.has(input.id)) throw notFound('The employee');
    const [type] = await ctx.db.select().from(leaveTypes).where(eq(leaveTypes.id, input.leaveTypeId));
    if (!type) throw unprocessable('unknown_leave_type', 'The leave type does not exist.', 'leaveTypeId');
    if (ownEmployeeId(ctx.state, ctx.principal) === input.id) {
      throw forbidden('Nobody adjusts their own balance.');
    }
    const entry = {
      id: ctx.ids.next('led'),
      employeeId: input.id,
      leaveTypeId: input.leaveTypeId,
      kind: 'adjustment' as const,
      amount: input.amount,
      effectiveOn: input.effectiveOn ?? tenantToday(ctx.state, ctx.now),
      period: null,
      reason: input.reason,
      requestId: null,
      cause: null,
      createdAt: ctx.now.toISOString(),
    };
    await ctx.db.insert(ledger).values(entry);
    // An adjustment before a turn of the year changes what the cap removes: derived rows follow.
    await reconcile(ctx, { id: entry.id, reason: `Adjustment: ${input.reason}` }, { employeeIds: [input.id], leaveTypeId: input.leaveTypeId });
    ctx.audit({ entity: 'employee', id: input.id, after: entry });
    ctx.emit(balanceAdjusted.create(input.id, { employeeId: input.id, leaveTypeId: input.leaveTypeId, amount: input.amount, reason: input.reason }, [input.id]));
    const { requestId: _r, ...view } = entry;
    return view;
  },
});

export const listLedger = tenantMessage.query({
  type: 'balances.ledger',
  access: everyone,
  input: z.strictObject({ id: idOf('emp'), leaveTypeId: idOf('ltp').optional() }),
  output: listOf(ledgerEntrySchema),
  route: { method: 'GET', path: '/v1/employees/:id/ledger', summary: "An employee's ledger rows, oldest first: every balance is their sum, each row says why" },
  handler: async ({ id, leaveTypeId }, ctx) => {
    if (!seesEmployment(viewerOf(ctx.state, ctx.principal), ctx.state.people.employees.get(id))) throw notFound('The employee');
    const rows = await ctx.db
      .select()
      .from(ledger)
      .where(and(eq(ledger.employeeId, id), leaveTypeId ? eq(ledger.leaveTypeId, leaveTypeId) : undefined))
      .orderBy(sql`rowid`);
    return { items: rows.map(({ requestId: _r, ...r }) => r) };
  },
});
