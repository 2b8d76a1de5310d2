import { writeUsage } from './usage';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, conflict, unprocessable } from '../core/errors';
import type { CommandCtx } from '../core/message';
import { everyone, principalId } from '../core/principal';
import { idOf, text } from '../core/text';
import { versionEtag } from '../core/versioned';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { requestApproved, requestRejected } from './events';
import { askCurrentApprovers, employeeAudience, requestFacts, requestSchema, requestView, requireRequest } from './requests';
import { ownEmployeeId } from '../people/visibility';
import { personOf, personOfActorId } from '../identity/persons';
import { standingOf } from './standing';
import { requests, type RequestRow } from './timeoff.sql.ts';
import { approveManySchema } from './replies';
import { assertSickNote } from '../documents/sick-note';

type Ctx = CommandCtx<TenantState, TenantServices>;
type Standing = 'approver' | 'delegate' | 'override';

/**
 * Everything that may refuse a decision, checked before anything is written, so that bulk
 * approval can report a refusal for one request and go on with the next. Four eyes are four
 * eyes: the same person (signed in, through one of their keys, or as someone's delegate)
 * decides at most one step of a request, and never one of their own. An override (HR
 * deciding a step that waits for someone else) says why.
 */
async function checkDecision(ctx: Ctx, id: string, comment: string | null): Promise<{ request: RequestRow; via: Standing }> {
  const request = await requireRequest(ctx, id);
  if (request.status !== 'pending') throw conflict('request_not_pending', `The request is already ${request.status}.`);
  if (ownEmployeeId(ctx.state, ctx.principal) === request.employeeId) throw new AppError(403, 'self_approval', 'Nobody decides their own request.');
  const via = await standingOf(ctx, request);
  if (!via) throw new AppError(403, 'not_current_approver', 'The request waits for another approver.');
  const person = personOf(ctx.state.identity, ctx.principal);
  const decidedBefore = request.steps.some((s, i) => i !== request.currentStep && s.decision && personOfActorId(ctx.state.identity, s.decidedBy) === person);
  if (person && decidedBefore) throw new AppError(403, 'already_decided_a_step', 'You decided another step of this request; someone else decides this one.');
  if (via === 'override' && !comment) throw unprocessable('override_reason_required', 'Deciding in place of the approver needs a reason.', 'comment');
  await assertSickNote(ctx, request);
  return { request, via };
}

const decider = (ctx: Ctx) => principalId(ctx.principal);

/** An override is recorded as one in the audit log, with its reason, beside the change it made. */
function auditOverride(ctx: Ctx, request: RequestRow, decision: 'approved' | 'rejected', reason: string | null) {
  const step = request.steps[request.currentStep];
  ctx.audit({ entity: 'override', id: request.id, after: { step: request.currentStep, approver: step?.approver ?? null, decision, reason, by: decider(ctx) } });
}

/**
 * Records an approval of the current step, and of that step only (an override included):
 * the next step is asked, and only the last one takes the days off the balance (a `usage`
 * row on each day off) and tells the employee.
 */
async function applyApproval(ctx: Ctx, current: RequestRow, via: Standing, comment: string | null): Promise<RequestRow> {
  const at = ctx.now.toISOString();
  const last = current.currentStep;
  const steps = current.steps.map((s, i) => (i === last ? { ...s, decision: 'approved' as const, decidedBy: decider(ctx), decidedAt: at, comment, via } : s));
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
  if (via === 'override') auditOverride(ctx, current, 'approved', comment);
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
  input: z.strictObject({ id: idOf('tor'), comment: text(500).optional().describe('Required when deciding in place of the approver (an override): the reason') }),
  output: requestSchema,
  route: { method: 'POST', path: '/v1/timeoff-requests/:id/approve', summary: 'Approve the current step of a request', etag: versionEtag },
  handler: async ({ id, comment }, ctx) => {
    const { request, via } = await checkDecision(ctx, id, comment ?? null);
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
    const { request: current, via } = await checkDecision(ctx, id, comment);
    const at = ctx.now.toISOString();
    const steps = current.steps.map((s, i) => (i === current.currentStep ? { ...s, decision: 'rejected' as const, decidedBy: decider(ctx), decidedAt: at, comment, via } : s));
    const updated: RequestRow = { ...current, steps, status: 'rejected', decidedAt: at, version: current.version + 1, updatedAt: at };
    await ctx.db.update(requests).set({ steps, status: 'rejected', decidedAt: at, version: updated.version, updatedAt: at }).where(eq(requests.id, id));
    ctx.audit({ entity: 'timeoff_request', id, before: requestView(current), after: requestView(updated) });
    if (via === 'override') auditOverride(ctx, current, 'rejected', comment);
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
        const { request, via } = await checkDecision(ctx, id, comment ?? null);
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


