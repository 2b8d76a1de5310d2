import { eq } from 'drizzle-orm';
import type { CommandCtx } from '../core/message';
import type { TenantServices, TenantState } from '../tenant/context';
import { approvalRequested } from '../timeoff/events';
import { currentDeciders } from '../timeoff/standing';
import { requests, type RequestRow } from '../timeoff/timeoff.sql.ts';

/**
 * An approver who leaves hands over: the steps that waited for them (as approver or as a
 * delegate) now wait for whoever approves in their place (the chain's fallback, see
 * `approversOf`), and those are told as if the step had just come to them. The reminder
 * timer of each request keeps running and reminds the new approvers.
 */
type Ctx = CommandCtx<TenantState, TenantServices>;

/** Pending requests whose current step waits for this user: asked before their access ends. */
export async function awaitingDecisionBy(ctx: Ctx, userId: string): Promise<RequestRow[]> {
  const pending = await ctx.db.select().from(requests).where(eq(requests.status, 'pending'));
  const out: RequestRow[] = [];
  for (const r of pending) if ((await currentDeciders(ctx, r)).includes(userId)) out.push(r);
  return out;
}

/** Asks the current deciders of each request again, once the leaver no longer counts among them. */
export async function reaskApprovers(ctx: Ctx, waiting: readonly RequestRow[]): Promise<void> {
  for (const r of waiting) {
    const deciders = await currentDeciders(ctx, r);
    const facts = { requestId: r.id, employeeId: r.employeeId, leaveTypeId: r.leaveTypeId, startDate: r.startDate, endDate: r.endDate };
    ctx.emit(approvalRequested.create(r.id, { ...facts, step: r.currentStep, approverUserIds: deciders }, deciders));
  }
}
