import { z } from 'zod';
import { idOf } from '../core/text';
import { departmentAndBelow } from '../organisation/departments';
import type { EmployeeRow } from '../people/people.sql.ts';
import type { TenantState } from '../tenant/context';

/**
 * Whom a policy applies to. The ledger reads a scope against the employee as of each month's
 * first employed day (ledger/facts.ts), so a back-dated transfer moves them to the new
 * scope's policy from the first month that starts on or after it, and the ledger is corrected at once.
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

/** A test for whether a scope covers an employee; sub-departments are resolved once, not per employee. */
export function coverage(state: TenantState, appliesTo: AppliesTo): (e: EmployeeRow) => boolean {
  switch (appliesTo.scope) {
    case 'everyone':
      return () => true;
    case 'department': {
      const below = departmentAndBelow(state, appliesTo.departmentId);
      return (e) => e.departmentId !== null && below.has(e.departmentId);
    }
    case 'location':
      return (e) => e.locationId === appliesTo.locationId;
    case 'employee':
      return (e) => e.id === appliesTo.employeeId;
  }
}

interface ScopedPolicy {
  id: string;
  leaveTypeId: string;
  appliesTo: AppliesTo;
}

/**
 * The one policy of a leave type that governs an employee: the most specific that covers
 * them, the oldest on a tie (ids are time-ordered). One governing policy per leave type and
 * date keeps a period's accrual and a year's carry-over unambiguous: the ledger's period keys
 * are per leave type, not per policy.
 */
export function governingPolicy<P extends ScopedPolicy>(candidates: readonly { policy: P; covers: (e: EmployeeRow) => boolean }[], e: EmployeeRow): P | undefined {
  let best: P | undefined;
  for (const { policy: p, covers } of candidates) {
    if (!covers(e)) continue;
    const rank = specificity[p.appliesTo.scope];
    if (!best || rank > specificity[best.appliesTo.scope] || (rank === specificity[best.appliesTo.scope] && p.id < best.id)) best = p;
  }
  return best;
}
