import { writeUsage } from './usage';
import { assertLeaveRules } from './leave-rules-check';
import { and, eq, gte, lte } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../core/errors';
import type { CommandCtx, QueryCtx } from '../core/message';
import { everyone, principalId } from '../core/principal';
import { pageInput, paginate, sortOf } from '../core/pagination';
import { idOf, isoDate, text } from '../core/text';
import { versionEtag } from '../core/versioned';
import { audienceOf } from '../people/employees';
import { seesEmployment, userOfEmployee, viewerOf } from '../people/visibility';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { tenantToday } from '../tenant/today';
import { applicableSteps } from './approvers';
import { draftInput, draftRequest } from './draft';
import { approvalReminder, approvalRequested, requestCancelled, requestSubmitted } from './events';
import { currentDeciders, mayRead } from './standing';
import { approvalChains, ledger, requests, requestStatuses, type RequestRow } from './timeoff.sql.ts';
import { instant, pageOf } from '../core/reply';
import { chainStepSchema, dayAmountSchema, quoteSchema } from './replies';

type Ctx = CommandCtx<TenantState, TenantServices>;

export const requestSchema = z.strictObject({
  id: idOf('tor'),
  employeeId: idOf('emp'),
  leaveTypeId: idOf('ltp'),
  startDate: isoDate,
  endDate: isoDate,
  startHalf: z.enum(['afternoon']).nullable(),
  endHalf: z.enum(['morning']).nullable(),
  amount: z.number().describe("In the leave type's unit; what approval takes off the balance"),
  days: z.array(dayAmountSchema),
  note: z.string().nullable(),
  status: z.enum(requestStatuses),
  steps: z.array(
    chainStepSchema.extend({
      decision: z.enum(['approved', 'rejected']).nullable(),
      decidedBy: z.string().nullable(),
      decidedAt: instant.nullable(),
      comment: z.string().nullable(),
      via: z.enum(['approver', 'delegate', 'override']).nullable(),
    }),
  ),
  currentStep: z.number().int().min(0).nullable().describe('The step waiting for a decision; null once decided'),
  submittedBy: z.string(),
  decidedAt: instant.nullable(),
  cancelledAt: instant.nullable(),
  version: z.number().int().min(1),
  createdAt: instant,
  updatedAt: instant,
}).meta({ id: 'LeaveRequest' });

export const requestView = (r: RequestRow) => ({
  id: r.id,
  employeeId: r.employeeId,
  leaveTypeId: r.leaveTypeId,
  startDate: r.startDate,
  endDate: r.endDate,
  startHalf: r.startHalf,
  endHalf: r.endHalf,
  amount: r.amount,
  days: r.days,
  note: r.note,
  status: r.status,
  steps: r.steps,
  currentStep: r.status === 'pending' ? r.currentStep : null,
  submittedBy: r.submittedBy,
  decidedAt: r.decidedAt,
  cancelledAt: r.cancelledAt,
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const requestFacts = (r: RequestRow) => ({ requestId: r.id, employeeId: r.employeeId, leaveTypeId: r.leaveTypeId, startDate: r.startDate, endDate: r.endDate });

/** The employee and their user account: who hears of their own request. */
export const employeeAudience = (state: TenantState, employeeId: string) => {
  const user = userOfEmployee(state, employeeId);
  return user ? [employeeId, user] : [employeeId];
};

/** Tells the approvers of the current step (and their delegates) that it waits for them. */
export async function askCurrentApprovers(ctx: Ctx, r: RequestRow) {
  const deciders = await currentDeciders(ctx, r);
  ctx.emit(approvalRequested.create(r.id, { ...requestFacts(r), step: r.currentStep, approverUserIds: deciders }, deciders));
  await scheduleReminder(ctx, r);
}

/** A timer per waiting request: if its step is still undecided then, the approvers are reminded. */
async function scheduleReminder(ctx: Ctx, r: RequestRow) {
  const days = ctx.state.profile?.approvalReminderDays;
  if (!days) return;
  const at = new Date(ctx.now.getTime() + days * 86_400_000).toISOString();
  await ctx.schedule({ key: `remind:${r.id}`, at, type: 'timeoffRequests.remind', payload: { id: r.id, step: r.currentStep } });
}

/** The reminder timer's message: reminds the current approvers, and again after as long, while the step waits. */
export const remindApprovers = tenantMessage.command({
  type: 'timeoffRequests.remind',
  access: 'system',
  input: z.strictObject({ id: idOf('tor'), step: z.number().int().min(0) }),
  handler: async ({ id, step }, ctx) => {
    const [r] = await ctx.db.select().from(requests).where(eq(requests.id, id));
    if (!r || r.status !== 'pending' || r.currentStep !== step) return { reminded: 0 };
    const deciders = await currentDeciders(ctx, r);
    const waitingDays = Math.floor((ctx.now.getTime() - Date.parse(r.updatedAt)) / 86_400_000);
    ctx.emit(approvalReminder.create(r.id, { ...requestFacts(r), step, approverUserIds: deciders, waitingDays }, deciders));
    await scheduleReminder(ctx, r);
    return { reminded: deciders.length };
  },
});

/**
 * Not `/v1/timeoff-requests/quote`: the edge's RegExpRouter refuses a static segment beside
 * `/v1/timeoff-requests/:id/…` (it would be ambiguous), so collection actions get their own path.
 */
export const quoteRequest = tenantMessage.query({
  type: 'timeoffRequests.quote',
  access: everyone,
  input: z.strictObject(draftInput),
  output: quoteSchema,
  route: { method: 'POST', path: '/v1/timeoff-quotes', summary: 'What a request would cost, day by day, and what it would leave' },
  handler: async (input, ctx) => {
    const draft = await draftRequest(input, ctx);
    await assertLeaveRules(ctx, draft.employee, draft.type, input);
    return draft.quote;
  },
});

export const submitRequest = tenantMessage.command({
  type: 'timeoffRequests.submit',
  access: everyone,
  input: z.strictObject(draftInput),
  output: requestSchema,
  route: { method: 'POST', path: '/v1/timeoff-requests', status: 201, summary: 'Submit a time-off request', etag: versionEtag },
  handler: async (input, ctx) => {
    const { employee, type, quote } = await draftRequest(input, ctx);
    await assertLeaveRules(ctx, employee, type, input);
    if (quote.amount <= 0) throw unprocessable('no_working_days', 'The range holds no working time.', 'startDate');
    if (quote.conflicts.length > 0) throw conflict('overlapping_request', `The dates overlap request ${quote.conflicts.join(', ')}.`, 'startDate');
    // Untracked types (sick, unpaid) have no balance to check: the one place the check is skipped.
    if (type.tracked && !quote.sufficient) {
      const short = quote.shortfall!;
      throw unprocessable('insufficient_balance', `The request takes ${quote.amount} ${type.unit}; on ${short.date} the balance would be ${-short.amount}, ${short.amount} ${type.unit} short (${quote.balance.effective} available then).`, 'endDate');
    }
    const [chain] = await ctx.db.select().from(approvalChains).where(eq(approvalChains.leaveTypeId, type.id));
    const at = ctx.now.toISOString();
    const row: RequestRow = {
      id: ctx.ids.next('tor'),
      employeeId: employee.id,
      leaveTypeId: type.id,
      startDate: input.startDate,
      endDate: input.endDate,
      startHalf: input.startHalf ?? null,
      endHalf: input.endHalf ?? null,
      amount: quote.amount,
      days: quote.days,
      note: input.note ?? null,
      status: 'pending',
      steps: applicableSteps(chain?.steps, quote.workingDays).map((s) => ({ ...s, decision: null, decidedBy: null, decidedAt: null, comment: null, via: null })),
      currentStep: 0,
      submittedBy: principalId(ctx.principal),
      decidedAt: null,
      cancelledAt: null,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    await ctx.db.insert(requests).values(row);
    ctx.audit({ entity: 'timeoff_request', id: row.id, after: requestView(row) });
    ctx.emit(requestSubmitted.create(row.id, { ...requestFacts(row), amount: row.amount }, audienceOf(ctx.state, employee)));
    await askCurrentApprovers(ctx, row);
    return requestView(row);
  },
});

export async function requireRequest(ctx: QueryCtx<TenantState, TenantServices>, id: string): Promise<RequestRow> {
  const [row] = await ctx.db.select().from(requests).where(eq(requests.id, id));
  if (!row || !(await mayRead(ctx, row))) throw notFound('The request');
  return row;
}

export const getRequest = tenantMessage.query({
  type: 'timeoffRequests.get',
  access: everyone,
  input: z.strictObject({ id: idOf('tor') }),
  output: requestSchema,
  route: { method: 'GET', path: '/v1/timeoff-requests/:id', summary: 'Read a time-off request', etag: versionEtag },
  handler: async ({ id }, ctx) => requestView(await requireRequest(ctx, id)),
});

export const listRequests = tenantMessage.query({
  type: 'timeoffRequests.list',
  access: everyone,
  input: z.strictObject({
    ...pageInput,
    sort: sortOf(['startDate', 'createdAt']).default('-startDate'),
    employeeId: idOf('emp').optional(),
    leaveTypeId: idOf('ltp').optional(),
    status: z.enum(requestStatuses).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  }),
  output: pageOf(requestSchema),
  route: { method: 'GET', path: '/v1/timeoff-requests', summary: 'Time-off requests the caller may see, by employee, status and dates' },
  handler: async ({ limit, cursor, sort, employeeId, leaveTypeId, status, from, to }, ctx) => {
    const rows = await ctx.db
      .select()
      .from(requests)
      .where(
        and(
          employeeId ? eq(requests.employeeId, employeeId) : undefined,
          leaveTypeId ? eq(requests.leaveTypeId, leaveTypeId) : undefined,
          status ? eq(requests.status, status) : undefined,
          // A request is in the range when it shares a day with it.
          from ? gte(requests.endDate, from) : undefined,
          to ? lte(requests.startDate, to) : undefined,
        ),
      );
    const viewer = viewerOf(ctx.state, ctx.principal);
    const visible = rows.filter((r) => seesEmployment(viewer, ctx.state.people.employees.get(r.employeeId)));
    const { page, nextCursor } = paginate(visible, { sort, limit, cursor, keyOf: (r, f) => (f === 'startDate' ? r.startDate : r.createdAt) });
    return { items: page.map(requestView), nextCursor };
  },
});

/**
 * Withdraws a pending request, or cancels an approved one and gives its days back with a
 * reversing ledger row (the ledger is never edited). Employees cancel their own requests
 * until the leave starts; after that only HR may.
 */
export const cancelRequest = tenantMessage.command({
  type: 'timeoffRequests.cancel',
  access: everyone,
  input: z.strictObject({ id: idOf('tor'), reason: text(500).optional() }),
  output: requestSchema,
  route: { method: 'POST', path: '/v1/timeoff-requests/:id/cancel', summary: 'Cancel a request; an approved one gives its days back', etag: versionEtag },
  handler: async ({ id, reason }, ctx) => {
    const current = await requireRequest(ctx, id);
    const viewer = viewerOf(ctx.state, ctx.principal);
    if (!viewer.all && viewer.self !== current.employeeId) throw forbidden('Only the employee or HR cancels a request.');
    if (current.status !== 'pending' && current.status !== 'approved') throw conflict('request_closed', `The request is already ${current.status}.`);
    if (!viewer.all && current.status === 'approved' && current.startDate <= tenantToday(ctx.state, ctx.now)) {
      throw new AppError(409, 'request_started', 'The leave has started; ask HR to cancel it.');
    }
    const at = ctx.now.toISOString();
    const updated: RequestRow = { ...current, status: 'cancelled', cancelledAt: at, version: current.version + 1, updatedAt: at };
    await ctx.db.update(requests).set({ status: updated.status, cancelledAt: at, version: updated.version, updatedAt: at }).where(eq(requests.id, id));
    if (current.status === 'approved') {
      await writeUsage(ctx, current, 'give back', reason ?? 'Request cancelled');
    }
    ctx.audit({ entity: 'timeoff_request', id, before: requestView(current), after: requestView(updated) });
    ctx.emit(requestCancelled.create(id, { ...requestFacts(current), wasApproved: current.status === 'approved' }, employeeAudience(ctx.state, current.employeeId)));
    return requestView(updated);
  },
});
