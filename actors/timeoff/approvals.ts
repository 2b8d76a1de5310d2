import { writeUsage } from './usage';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, conflict } from '../core/errors';
import type { CommandCtx } from '../core/message';
import { everyone, principalId } from '../core/principal';
import { idOf, text } from '../core/text';
import { versionEtag } from '../core/versioned';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { requestApproved, requestRejected } from './events';
import { askCurrentApprovers, employeeAudience, requestFacts, requestSchema, requestView, requireRequest } from './requests';
import { ownEmployeeId } from '../people/visibility';
import { standingOf } from './standing';
import { requests, type RequestRow } from './timeoff.sql.ts';
import { approveManySchema } from './replies';
import { assertSickNote } from '../documents/sick-note';

type Ctx = CommandCtx<TenantState, TenantServices>;
type Standing = 'approver' | 'delegate' | 'override';

/**
 * Everything that may refuse a decision, checked before anything is written, so that bulk
 * approval can report a refusal for one request and go on with the next.
 */
async function checkDecision(ctx: Ctx, id: string): Promise<{ request: RequestRow; via: Standing }> {
  const request = await requireRequest(ctx, id);
  if (request.status !== 'pending') throw conflict('request_not_pending', `The request is already ${request.status}.`);
  if (ownEmployeeId(ctx.state, ctx.principal) === request.employeeId) throw new AppError(403, 'self_approval', 'Nobody decides their own request.');
  const via = await standingOf(ctx, request);
  if (!via) throw new AppError(403, 'not_current_approver', 'The request waits for another approver.');
  await assertSickNote(ctx, request);
  return { request, via };
}

const decider = (ctx: Ctx) => principalId(ctx.principal);

/**
 * Records an approval of the current step. HR overriding decides every remaining step at
 * once; otherwise the next step is asked, and only the last one takes the days off the
 * balance (a `usage` row on each day off) and tells the employee.
 */
async function applyApproval(ctx: Ctx, current: RequestRow, via: Standing, comment: string | null): Promise<RequestRow> {
  const at = ctx.now.toISOString();
  const last = via === 'override' ? current.steps.length - 1 : current.currentStep;
  const steps = current.steps.map((s, i) => (i >= current.currentStep && i <= last ? { ...s, decision: 'approved' as const, decidedBy: decider(ctx), decidedAt: at, comment, via } : s));
  const final = last === current.steps.length - 1;
  const updated: RequestRow = {
    ...current,
    steps,
    currentStep: final ? last : last + 1,
    status: final ? 'approved' : 'pending',
    decidedAt: final ? at : null,
    version: current.version + 1,
    updatedAt: at,
  };
  const { id, createdAt: _c, ...columns } = updated;
  await ctx.db.update(requests).set(columns).where(eq(requests.id, id));
  ctx.audit({ entity: 'timeoff_request', id, before: requestView(current), after: requestView(updated) });
  if (!final) {
    await askCurrentApprovers(ctx, updated);
    return updated;
  }
  await writeUsage(ctx, current, 'take', 'Time off approved');
  ctx.emit(requestApproved.create(id, requestFacts(updated), employeeAudience(ctx.state, current.employeeId)));
  return updated;
}

export const approveRequest = tenantMessage.command({
  type: 'timeoffRequests.approve',
  access: everyone,
  input: z.strictObject({ id: idOf('tor'), comment: text(500).optional() }),
  output: requestSchema,
  route: { method: 'POST', path: '/v1/timeoff-requests/:id/approve', summary: 'Approve the current step of a request', etag: versionEtag },
  handler: async ({ id, comment }, ctx) => {
    const { request, via } = await checkDecision(ctx, id);
    return requestView(await applyApproval(ctx, request, via, comment ?? null));
  },
});

export const rejectRequest = tenantMessage.command({
  type: 'timeoffRequests.reject',
  access: everyone,
  input: z.strictObject({ id: idOf('tor'), comment: text(500) }),
  output: requestSchema,
  route: { method: 'POST', path: '/v1/timeoff-requests/:id/reject', summary: 'Reject a request, with a comment', etag: versionEtag },
  handler: async ({ id, comment }, ctx) => {
    const { request: current, via } = await checkDecision(ctx, id);
    const at = ctx.now.toISOString();
    const steps = current.steps.map((s, i) => (i === current.currentStep ? { ...s, decision: 'rejected' as const, decidedBy: decider(ctx), decidedAt: at, comment, via } : s));
    const updated: RequestRow = { ...current, steps, status: 'rejected', decidedAt: at, version: current.version + 1, updatedAt: at };
    await ctx.db.update(requests).set({ steps, status: 'rejected', decidedAt: at, version: updated.version, updatedAt: at }).where(eq(requests.id, id));
    ctx.audit({ entity: 'timeoff_request', id, before: requestView(current), after: requestView(updated) });
    ctx.emit(requestRejected.create(id, { ...requestFacts(current), comment }, employeeAudience(ctx.state, current.employeeId)));
    return requestView(updated);
  },
});

/**
 * Approves many requests in one go, each with the same checks; one refusal does not stop the
 * rest. At `/v1/timeoff-approvals` for the router's sake (see `quoteRequest`).
 */
export const approveRequests = tenantMessage.command({
  type: 'timeoffRequests.approveMany',
  access: everyone,
  input: z.strictObject({ ids: z.array(idOf('tor')).min(1).max(100), comment: text(500).optional() }),
  output: approveManySchema,
  route: { method: 'POST', path: '/v1/timeoff-approvals', summary: 'Approve many requests; the outcome is reported per id' },
  handler: async ({ ids, comment }, ctx) => {
    const results = [];
    for (const id of new Set(ids)) {
      try {
        const { request, via } = await checkDecision(ctx, id);
        const updated = await applyApproval(ctx, request, via, comment ?? null);
        results.push({ id, ok: true as const, status: updated.status });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        results.push({ id, ok: false as const, error: { status: e.status, code: e.code, message: e.message } });
      }
    }
    return { results };
  },
});

