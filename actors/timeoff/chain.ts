import { userOfEmployee } from '../people/visibility';
import { peopleManagers } from '../core/principal';
import type { TenantState } from '../tenant/context';
import type { ChainStep } from './timeoff.sql.ts';

/**
 * Who approves a request. A leave type's chain is a list of steps; a step with `minDays`
 * applies only to requests longer than that. With no chain, or none of its steps applying,
 * the employee's manager approves. A step whose approver does not exist (no manager, a
 * manager without a user account, a user no longer active) falls to HR, so that no request
 * is stuck waiting for nobody.
 */
export const defaultChain: ChainStep[] = [{ approver: 'manager' }];

export function applicableSteps(chain: readonly ChainStep[] | undefined, workingDays: number): ChainStep[] {
  const steps = (chain ?? []).filter((s) => s.minDays === undefined || workingDays > s.minDays);
  return steps.length > 0 ? steps.map((s) => ({ ...s })) : defaultChain.map((s) => ({ ...s }));
}

/** Active users with the HR role; owners and admins when the company has no HR user. */
export function hrUsers(state: TenantState): string[] {
  const active = [...state.identity.users.values()].filter((u) => u.status === 'active');
  const hr = active.filter((u) => u.role === 'hr');
  return (hr.length > 0 ? hr : active.filter((u) => peopleManagers.includes(u.role))).map((u) => u.id);
}

/** The user ids who may decide a step for an employee (before delegation). */
export function approversOf(state: TenantState, employeeId: string, step: ChainStep): string[] {
  const employee = state.people.employees.get(employeeId);
  const manager = employee?.managerId;
  let user: string | undefined;
  if (step.approver === 'manager') user = userOfEmployee(state, manager);
  else if (step.approver === 'manager_of_manager') user = userOfEmployee(state, manager ? state.people.employees.get(manager)?.managerId : undefined);
  else if (typeof step.approver === 'object') user = state.identity.users.get(step.approver.userId)?.status === 'active' ? step.approver.userId : undefined;
  return user ? [user] : hrUsers(state);
}
