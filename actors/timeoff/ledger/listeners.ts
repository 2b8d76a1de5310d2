import { and, eq, inArray } from 'drizzle-orm';
import type { CommandCtx } from '../../core/message';
import { employmentListeners, employmentPeriods, type EmploymentChange, type Hire } from '../../people/periods';
import { historyOf } from '../../people/history';
import { employeeEvents } from '../../people/people.sql.ts';
import type { TenantServices, TenantState } from '../../tenant/context';
import { currentDeciders } from '../standing';
import { requests, type RequestRow } from '../timeoff.sql.ts';
import { userOfEmployee } from '../../people/visibility';
import { writeUsage } from '../usage';
import { leaveEndedByTermination } from './events';
import { factsOfNewRecords, loadFacts } from './facts';
import { balancesAsOf } from './projection';
import { impactOf, writeImpact, writeImpacts, type Impact } from './reconcile';

/**
 * The leave side of a change of employment, in its transaction: pending and approved leave
 * after the last day is cancelled (or kept and flagged, when HR asks), and the ledger gets
 * its correcting rows. A termination answers the final balance per leave type, as of the
 * last day: what payroll pays out or recovers.
 */
type Ctx = CommandCtx<TenantState, TenantServices>;

export interface LeaveSettlement {
  ledger: Impact[];
  /** Requests cancelled because they fall after the last day (or that would be, on a dry run). */
  cancelledRequests: string[];
  /** Requests kept although they fall after the last day (HR asked), flagged to HR and the approvers. */
  flaggedRequests: string[];
  /** The balance per leave type on the last day, when the employment has ended. */
  finalBalances?: { leaveTypeId: string; asOf: string; balance: number }[];
}

export async function settleLeave(ctx: Ctx, change: EmploymentChange & { keepFutureLeave?: boolean }): Promise<LeaveSettlement> {
  const employee = change.after?.employee ?? ctx.state.people.employees.get(change.employeeId);
  if (!employee) return { ledger: [], cancelledRequests: [], flaggedRequests: [] };
  const history = change.after?.history ?? (await historyOf(ctx.db, employee.id));
  const lastDay = employmentPeriods(employee, history).at(-1)?.end ?? null;
  const open = await ctx.db.select().from(requests).where(and(eq(requests.employeeId, employee.id), inArray(requests.status, ['pending', 'approved'])));
  const after = lastDay ? open.filter((r) => r.endDate > lastDay) : [];
  const cancelled = change.keepFutureLeave ? [] : after;
  const cause = change.cause;

  if (change.dryRun) {
    // The rows the real call writes: with the history after the change and the cancelled requests' days given back.
    const loaded = await loadFacts(ctx.db, [employee.id]);
    if (cancelled.length > 0) {
      const gone = new Set(cancelled.filter((r) => r.status === 'approved').map((r) => r.id));
      for (const [k, rows] of loaded.stored) loaded.stored.set(k, rows.filter((r) => !r.requestId || !gone.has(r.requestId) || r.kind !== 'usage'));
    }
    const ledger = await impactOf(ctx, cause, { employeeIds: [employee.id], after: { employee, history }, loaded });
    return { ledger, cancelledRequests: cancelled.map((r) => r.id), flaggedRequests: change.keepFutureLeave ? after.map((r) => r.id) : [] };
  }

  for (const r of after) await tell(ctx, r, lastDay!, Boolean(change.keepFutureLeave));
  for (const r of cancelled) await cancelAfterLastDay(ctx, r, lastDay!);
  const ledger = await impactOf(ctx, cause, { employeeIds: [employee.id] });
  await writeImpact(ctx, ledger, cause);
  const finalBalances = lastDay ? (await balancesAsOf(ctx, employee, lastDay)).map((b) => ({ leaveTypeId: b.leaveTypeId, asOf: lastDay, balance: b.balance })) : undefined;
  return { ledger, cancelledRequests: cancelled.map((r) => r.id), flaggedRequests: change.keepFutureLeave ? after.map((r) => r.id) : [], ...(finalBalances ? { finalBalances } : {}) };
}

async function tell(ctx: Ctx, r: RequestRow, lastDay: string, kept: boolean) {
  const approvers = r.status === 'pending' ? await currentDeciders(ctx, r) : r.steps.map((s) => s.decidedBy).filter((u): u is string => !!u && u.startsWith('usr_'));
  const self = userOfEmployee(ctx.state, r.employeeId);
  const userIds = [...new Set([...(self ? [self] : []), ...approvers])];
  ctx.emit(leaveEndedByTermination.create(r.id, { requestId: r.id, employeeId: r.employeeId, leaveTypeId: r.leaveTypeId, startDate: r.startDate, endDate: r.endDate, lastDay, kept, userIds }, [r.employeeId, ...userIds]));
}

async function cancelAfterLastDay(ctx: Ctx, r: RequestRow, lastDay: string) {
  const at = ctx.now.toISOString();
  await ctx.db.update(requests).set({ status: 'cancelled', cancelledAt: at, version: r.version + 1, updatedAt: at }).where(eq(requests.id, r.id));
  // The ledger is reconciled once, for the whole change, by the caller.
  if (r.status === 'approved') await writeUsage(ctx, r, 'give back', `Cancelled: the employment ended on ${lastDay}`, { reconcile: false });
  ctx.audit({ entity: 'timeoff_request', id: r.id, before: { status: r.status }, after: { status: 'cancelled', reason: `The employment ended on ${lastDay}` } });
}

/**
 * The leave side of many hires (a CSV import), as settleLeave would do one by one: a new
 * record has no requests to cancel while employed, so each gets its ledger rows, with the
 * facts of all read in a few queries and the rows written in a few statements. A hire
 * already ended (hired as terminated) goes through settleLeave, for its final balances.
 */
async function settleHires(ctx: Ctx, hires: readonly Hire[]): Promise<void> {
  const known = hires.map((h) => h.onlyEvent).filter((e) => e !== undefined);
  const loaded = known.length === hires.length ? await factsOfNewRecords(ctx.db, known, ctx.meta) : await loadFacts(ctx.db, hires.map((h) => h.employeeId), undefined, ctx.meta);
  const planned: { impact: Impact[]; cause: Hire['cause'] }[] = [];
  for (const h of hires) {
    const employee = ctx.state.people.employees.get(h.employeeId);
    if (!employee) continue;
    if (employmentPeriods(employee, loaded.history.get(employee.id) ?? []).at(-1)?.end) {
      await settleLeave(ctx, { ...h, dryRun: false });
      continue;
    }
    planned.push({ impact: await impactOf(ctx, h.cause, { employeeIds: [h.employeeId], loaded }), cause: h.cause });
  }
  await writeImpacts(ctx, planned);
}

employmentListeners.push({ one: async (ctx, change) => [await settleLeave(ctx, change)], hires: settleHires });
