import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import { AppError } from '../core/errors';
import type { QueryCtx } from '../core/message';
import { peopleManagers } from '../core/principal';
import type { Db } from '../core/store';
import type { EmployeeRow } from '../people/people.sql.ts';
import { ownEmployeeId } from '../people/visibility';
import type { TenantServices, TenantState } from '../tenant/context';
import { tenantToday } from '../tenant/today';
import { leaveRuleViolation } from './leave-rules';
import { blackouts, leaveTypes, requests, type LeaveTypeRow } from './timeoff.sql.ts';

/** The employee's department and every one above it: a blackout on a parent closes its sub-departments. */
export function departmentAndAbove(state: TenantState, departmentId: string | null): Set<string> {
  const out = new Set<string>();
  for (let id = departmentId; id && !out.has(id); id = state.organisation.departments.get(id)?.parentId ?? null) out.add(id);
  return out;
}

/**
 * Refuses a request (quote or submission) that breaks its leave type's rules (leave-rules.ts).
 * HR bypasses back-dating and blackouts only when recording someone else's leave: their own
 * is self-service like anyone's.
 */
export async function assertLeaveRules(ctx: QueryCtx<TenantState, TenantServices>, employee: EmployeeRow, type: LeaveTypeRow, dates: { startDate: string; endDate: string }) {
  const p = ctx.principal;
  const isHr = (p.kind === 'user' || p.kind === 'apiKey') && peopleManagers.includes(p.role);
  const violation = leaveRuleViolation({
    type,
    ...dates,
    hireDate: employee.hireDate,
    departmentAndAbove: departmentAndAbove(ctx.state, employee.departmentId),
    today: tenantToday(ctx.state, ctx.now),
    byHr: isHr && ownEmployeeId(ctx.state, p) !== employee.id,
    blackouts: await ctx.db.select().from(blackouts).where(and(lte(blackouts.startDate, dates.endDate), gte(blackouts.endDate, dates.startDate))),
  });
  if (violation) throw new AppError(422, violation.code, violation.message, [{ field: violation.field, message: violation.message }]);
}

/**
 * Approved days of untracked leave types in a range, shaped like the ledger's usage rows
 * (negative amounts): untracked leave writes no ledger rows, but reports and timesheets
 * still count it.
 */
export async function untrackedUsage(db: Db, from: string, to: string, employeeId?: string) {
  const untracked = await db.select({ id: leaveTypes.id }).from(leaveTypes).where(eq(leaveTypes.tracked, false));
  if (untracked.length === 0) return [];
  const rows = await db
    .select()
    .from(requests)
    .where(
      and(
        inArray(requests.leaveTypeId, untracked.map((t) => t.id)),
        eq(requests.status, 'approved'),
        lte(requests.startDate, to),
        gte(requests.endDate, from),
        employeeId ? eq(requests.employeeId, employeeId) : undefined,
      ),
    );
  return rows.flatMap((r) =>
    r.days.filter((d) => d.amount > 0 && d.date >= from && d.date <= to).map((d) => ({ employeeId: r.employeeId, leaveTypeId: r.leaveTypeId, effectiveOn: d.date, amount: -d.amount })),
  );
}
