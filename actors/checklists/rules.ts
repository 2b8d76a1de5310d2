import { addDays } from '../organisation/calendar';

/**
 * The rules of a checklist, in plain words:
 * - A task belongs to whoever its template's assignee rule names when the checklist starts:
 *   the employee, their manager, a named user, or anyone holding a role (HR, IT as a role).
 *   An employee or manager without an account cannot be reached, so their task goes to HR.
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

/** Who a task goes to; `employeeUser` and `managerUser` are their active accounts, if any. */
export function resolveAssignee(rule: AssigneeRule, accounts: { employeeUser: string | undefined; managerUser: string | undefined }): Assignee {
  switch (rule.type) {
    case 'employee':
      return accounts.employeeUser ? { userId: accounts.employeeUser, role: null } : { userId: null, role: 'hr' };
    case 'manager':
      return accounts.managerUser ? { userId: accounts.managerUser, role: null } : { userId: null, role: 'hr' };
    case 'role':
      return { userId: null, role: rule.role };
    case 'user':
      return { userId: rule.userId, role: null };
  }
}

export function isAssignee(task: Assignee, user: { userId: string; role: string }): boolean {
  return task.userId !== null ? task.userId === user.userId : task.role === user.role;
}

/** A task is overdue once its due date is over in the company's calendar and it is still open. */
export const isOverdue = (task: { status: string; dueDate: string }, today: string): boolean => task.status === 'open' && task.dueDate < today;

/** Reminders: the day after the due date, then weekly while the task stays open. */
export const reminderDates = { first: (dueDate: string) => addDays(dueDate, 1), next: (today: string) => addDays(today, 7) };
