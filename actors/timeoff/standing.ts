import { and, gte, inArray, lte, eq } from 'drizzle-orm';
import type { QueryCtx } from '../core/message';
import { peopleManagers } from '../core/principal';
import type { Db } from '../core/store';
import { seesEmployment, viewerOf } from '../people/visibility';
import type { TenantServices, TenantState } from '../tenant/context';
import { tenantToday } from '../tenant/today';
import { approversOf, eligibleDeciders } from './chain';
import { delegations, type RequestRow } from './timeoff.sql.ts';

type Ctx = QueryCtx<TenantState, TenantServices>;


/** Users who delegated their approvals to `userId` for a period that includes `today`. */
export async function delegatorsOf(db: Db, userId: string, today: string): Promise<string[]> {
  const rows = await db
    .select({ userId: delegations.userId })
    .from(delegations)
    .where(and(eq(delegations.delegateUserId, userId), lte(delegations.from, today), gte(delegations.to, today)));
  return rows.map((r) => r.userId);
}

/** The delegates standing in today for any of `userIds`. */
export async function delegatesOf(db: Db, userIds: string[], today: string): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ delegate: delegations.delegateUserId })
    .from(delegations)
    .where(and(inArray(delegations.userId, userIds), lte(delegations.from, today), gte(delegations.to, today)));
  return rows.map((r) => r.delegate);
}

/** Who is asked to decide the current step of a pending request: its approvers and their delegates. */
export async function currentDeciders(ctx: Ctx, request: RequestRow): Promise<string[]> {
  const step = request.steps[request.currentStep];
  if (request.status !== 'pending' || !step) return [];
  const approvers = approversOf(ctx.state, request.employeeId, step);
  return eligibleDeciders(ctx.state, request.employeeId, [...approvers, ...(await delegatesOf(ctx.db, approvers, tenantToday(ctx.state, ctx.now)))]);
}

/**
 * How the caller stands toward the current step: its approver, the delegate of one, HR
 * (or an admin or owner) overriding the chain, or not at all.
 */
export async function standingOf(ctx: Ctx, request: RequestRow): Promise<'approver' | 'delegate' | 'override' | null> {
  const p = ctx.principal;
  const step = request.steps[request.currentStep];
  if (step && p.kind === 'user') {
    const approvers = approversOf(ctx.state, request.employeeId, step);
    if (approvers.includes(p.userId)) return 'approver';
    const stoodFor = await delegatorsOf(ctx.db, p.userId, tenantToday(ctx.state, ctx.now));
    if (stoodFor.some((u) => approvers.includes(u))) return 'delegate';
  }
  if ((p.kind === 'user' || p.kind === 'apiKey') && peopleManagers.includes(p.role)) return 'override';
  return null;
}

/** Whether the caller may read a request: the visibility rule, or being asked to decide it. */
export async function mayRead(ctx: Ctx, request: RequestRow): Promise<boolean> {
  if (seesEmployment(viewerOf(ctx.state, ctx.principal), ctx.state.people.employees.get(request.employeeId))) return true;
  return ctx.principal.kind === 'user' && (await currentDeciders(ctx, request)).includes(ctx.principal.userId);
}
