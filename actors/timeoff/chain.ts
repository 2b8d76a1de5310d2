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

/**
 * Who may be asked to decide for an employee, from a list of users: active ones, never the
 * employee's own account (a delegate is never shown or told as an approver of their own
 * request, and nobody decides their own).
 */
export function eligibleDeciders(state: TenantState, employeeId: string, userIds: readonly string[]): string[] {
  const self = state.identity.userIdsByEmployee.get(employeeId);
  return [...new Set(userIds)].filter((u) => u !== self && state.identity.users.get(u)?.status === 'active');
}

/**
 * The user ids who may decide a step for an employee (before delegation). A missing or
 * inactive approver falls to HR; HR staff asking for themselves fall to the other HR staff,
 * then to the owners and admins.
 */
export function approversOf(state: TenantState, employeeId: string, step: ChainStep): string[] {
  const employee = state.people.employees.get(employeeId);
  const manager = employee?.managerId;
  let user: string | undefined;
  if (step.approver === 'manager') user = userOfEmployee(state, manager);
  else if (step.approver === 'manager_of_manager') user = userOfEmployee(state, manager ? state.people.employees.get(manager)?.managerId : undefined);
  else if (typeof step.approver === 'object') user = step.approver.userId;
  const named = eligibleDeciders(state, employeeId, user ? [user] : []);
  if (named.length > 0) return named;
  const hr = eligibleDeciders(state, employeeId, hrUsers(state));
  if (hr.length > 0) return hr;
  const admins = [...state.identity.users.values()].filter((u) => peopleManagers.includes(u.role)).map((u) => u.id);
  return eligibleDeciders(state, employeeId, admins);
}
