import { z } from 'zod';
import { idOf } from '../core/text';
import { departmentAndBelow } from '../organisation/departments';
import type { EmployeeRow } from '../people/people.sql.ts';
import type { TenantState } from '../tenant/context';

/**
 * Whom a policy applies to. Scopes read the employee as of today (their current department
 * and location): a transfer moves them to the new scope's policy from the next run on.
 */
export const appliesToInput = z.discriminatedUnion('scope', [
  z.strictObject({ scope: z.literal('everyone') }),
  z.strictObject({ scope: z.literal('department'), departmentId: idOf('dep') }),
  z.strictObject({ scope: z.literal('location'), locationId: idOf('loc') }),
  z.strictObject({ scope: z.literal('employee'), employeeId: idOf('emp') }),
]);
export type AppliesTo = z.infer<typeof appliesToInput>;

/** More specific scopes win when several policies of one leave type cover someone. */
const specificity: Record<AppliesTo['scope'], number> = { employee: 3, department: 2, location: 1, everyone: 0 };

export function covers(state: TenantState, appliesTo: AppliesTo, e: EmployeeRow): boolean {
  switch (appliesTo.scope) {
    case 'everyone':
      return true;
    case 'department':
      return e.departmentId !== null && departmentAndBelow(state, appliesTo.departmentId).has(e.departmentId);
    case 'location':
      return e.locationId === appliesTo.locationId;
    case 'employee':
      return e.id === appliesTo.employeeId;
  }
}

interface ScopedPolicy {
  id: string;
  leaveTypeId: string;
  appliesTo: AppliesTo;
}

/**
 * The one policy of a leave type that governs an employee: the most specific that covers
 * them, the oldest on a tie (ids are time-ordered). One governing policy per leave type
 * keeps a period's accrual and a year's carry-over unambiguous: the ledger's period keys
 * are per leave type, not per policy. So a policy added later, or a transfer into another
 * policy's scope, takes over from the first period not yet granted; the ledger is never
 * rewritten.
 */
export function governingPolicy<P extends ScopedPolicy>(state: TenantState, policies: readonly P[], e: EmployeeRow, leaveTypeId: string): P | undefined {
  let best: P | undefined;
  for (const p of policies) {
    if (p.leaveTypeId !== leaveTypeId || !covers(state, p.appliesTo, e)) continue;
    const better = !best || specificity[p.appliesTo.scope] > specificity[best.appliesTo.scope] || (specificity[p.appliesTo.scope] === specificity[best.appliesTo.scope] && p.id < best.id);
    if (better) best = p;
  }
  return best;
}

/** The employees a policy governs. */
export function employeesGoverned<P extends ScopedPolicy>(state: TenantState, policy: P, sameType: readonly P[]): EmployeeRow[] {
  return [...state.people.employees.values()].filter((e) => governingPolicy(state, sameType, e, policy.leaveTypeId)?.id === policy.id);
}
