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

export interface Waiting {
  request: RequestRow;
  /** Who was asked before the leaver left: they are not asked twice. */
  asked: string[];
}

/** Pending requests whose current step waits for this user: asked before their access ends. */
export async function awaitingDecisionBy(ctx: Ctx, userId: string): Promise<Waiting[]> {
  const pending = await ctx.db.select().from(requests).where(eq(requests.status, 'pending'));
  const out: Waiting[] = [];
  for (const request of pending) {
    const asked = await currentDeciders(ctx, request);
    if (asked.includes(userId)) out.push({ request, asked });
  }
  return out;
}

/** Asks whoever now decides each step in the leaver's place and was not asked before. */
export async function reaskApprovers(ctx: Ctx, waiting: readonly Waiting[]): Promise<void> {
  for (const { request: r, asked } of waiting) {
    const added = (await currentDeciders(ctx, r)).filter((u) => !asked.includes(u));
    if (added.length === 0) continue;
    const facts = { requestId: r.id, employeeId: r.employeeId, leaveTypeId: r.leaveTypeId, startDate: r.startDate, endDate: r.endDate };
    ctx.emit(approvalRequested.create(r.id, { ...facts, step: r.currentStep, approverUserIds: added }, added));
  }
}
