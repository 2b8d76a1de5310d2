import type { CommandCtx } from '../core/message';
import type { TenantServices, TenantState } from '../tenant/context';
import { eq } from 'drizzle-orm';
import { reconcile } from './ledger/reconcile';
import { ledger, leaveTypes, type RequestRow } from './timeoff.sql.ts';

/**
 * The ledger rows of a request: one per day off, on that day, so that a balance as of any
 * date, the leave-taken report and a timesheet all see each day where it falls. Approval
 * writes them negative; cancelling an approved request writes the same rows reversed (the
 * ledger is never edited). Days taken can change what was carried over or expired, so the
 * derived rows are brought up to date in the same transaction.
 */
export async function writeUsage(ctx: CommandCtx<TenantState, TenantServices>, request: RequestRow, direction: 'take' | 'give back', reason: string, o = { reconcile: true }): Promise<void> {
  // Untracked types (sick, unpaid) keep no ledger: the approved request is the record.
  const [type] = await ctx.db.select({ tracked: leaveTypes.tracked }).from(leaveTypes).where(eq(leaveTypes.id, request.leaveTypeId));
  if (type && !type.tracked) return;
  const sign = direction === 'take' ? -1 : 1;
  const rows = request.days
    .filter((d) => d.amount > 0)
    .map((d) => ({
      id: ctx.ids.next('led'),
      employeeId: request.employeeId,
      leaveTypeId: request.leaveTypeId,
      kind: 'usage' as const,
      amount: sign * d.amount,
      effectiveOn: d.date,
      period: null,
      reason,
      requestId: request.id,
      createdAt: ctx.now.toISOString(),
    }));
  // One statement per day: a long leave would bind more values than Durable Object SQLite allows (100).
  for (const row of rows) await ctx.db.insert(ledger).values(row);
  if (o.reconcile) await reconcile(ctx, { id: request.id, reason }, { employeeIds: [request.employeeId], leaveTypeId: request.leaveTypeId });
}
