import { addDays } from '../organisation/calendar';

/**
 * The rules of a checklist, in plain words:
 * - A task belongs to whoever its template's assignee rule names when the checklist starts:
 *   the employee, their manager (as people, by employee id), a named user, or anyone
 *   holding a role (HR, IT as a role). A person's task is acted on by the account linked to
 *   them at the time; while they have none (a new hire is invited after the record is
 *   made), it is HR's, so that it is never stuck with nobody.
 * - A task is due a number of days from the anchor: the hire day for onboarding, the last
 *   day for offboarding (−7 is a week before). Both are dates in the company's calendar, so
 *   the due date is one too, and "overdue" starts when that date is over for the company.
 * - A task's condition narrows who it is for: each dimension it lists (locations,
 *   departments, employment types) must include the employee's; one it omits allows anyone.
 * - Only the assignee closes a task (complete or skip); being HR is not enough, so that the
 *   record says truthfully who did it.
 */

export type AssigneeRule =
  | { type: 'employee' }
  | { type: 'manager' }
  | { type: 'role'; role: string }
  | { type: 'user'; userId: string };

export interface TaskCondition {
  locationIds?: string[];
  departmentIds?: string[];
  employmentTypes?: string[];
}

export interface TaskTemplate {
  title: string;
  description?: string | null;
  assignee: AssigneeRule;
  dueOffsetDays: number;
  condition?: TaskCondition | null;
}

export interface Assignee {
  employeeId: string | null;
  userId: string | null;
  role: string | null;
}

/** Who acts on a task now: a person's task goes to their linked account, or to HR without one. */
export interface Acting {
  userId: string | null;
  role: string | null;
}

/** The employee facts a condition is tested against. */
export interface Placement {
  locationId: string | null;
  departmentId: string | null;
  employmentType: string;
}

export function appliesTo(condition: TaskCondition | null | undefined, who: Placement): boolean {
  if (!condition) return true;
  const allows = (list: string[] | undefined, value: string | null) => !list || list.length === 0 || (value !== null && list.includes(value));
  return allows(condition.locationIds, who.locationId) && allows(condition.departmentIds, who.departmentId) && allows(condition.employmentTypes, who.employmentType);
}

export const dueDateOf = (anchorDate: string, offsetDays: number): string => addDays(anchorDate, offsetDays);

/** Who a task goes to, from its rule and the employee record (their manager, by id). */
export function resolveAssignee(rule: AssigneeRule, employee: { id: string; managerId: string | null }): Assignee {
  switch (rule.type) {
    case 'employee':
      return { employeeId: employee.id, userId: null, role: null };
    case 'manager':
      return employee.managerId ? { employeeId: employee.managerId, userId: null, role: null } : { employeeId: null, userId: null, role: 'hr' };
    case 'role':
      return { employeeId: null, userId: null, role: rule.role };
    case 'user':
      return { employeeId: null, userId: rule.userId, role: null };
  }
}

/** `accountOf` gives the active account linked to an employee, if any. */
export function actingFor(task: Assignee, accountOf: (employeeId: string) => string | undefined): Acting {
  if (!task.employeeId) return { userId: task.userId, role: task.role };
  const userId = accountOf(task.employeeId);
  return userId ? { userId, role: null } : { userId: null, role: 'hr' };
}

export function isAssignee(task: Acting, user: { userId: string; role: string }): boolean {
  return task.userId !== null ? task.userId === user.userId : task.role === user.role;
}

/** A task is overdue once its due date is over in the company's calendar and it is still open. */
export const isOverdue = (task: { status: string; dueDate: string }, today: string): boolean => task.status === 'open' && task.dueDate < today;

/** Reminders: the day after the due date, then weekly while the task stays open. */
export const reminderDates = { first: (dueDate: string) => addDays(dueDate, 1), next: (today: string) => addDays(today, 7) };
