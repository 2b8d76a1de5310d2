import { userOfEmployee } from '../people/visibility';
import type { PublishedEvent } from '../core/event';
import type { NotificationDraft } from '../notifications/draft';
import type { TenantState } from '../tenant/context';

/**
 * Time off in the inbox: each step asks its approvers (and their delegates), and only the
 * final decision reaches the employee, so nobody hears of steps that are not theirs.
 */
type Facts = { requestId: string; employeeId: string; startDate: string; endDate: string };

const nameOf = (state: TenantState, employeeId: string) => {
  const e = state.people.employees.get(employeeId);
  return e ? `${e.preferredName ?? e.firstName} ${e.lastName}` : 'An employee';
};
const span = (f: Facts) => (f.startDate === f.endDate ? f.startDate : `${f.startDate} to ${f.endDate}`);
const toEmployee = (title: string) => (event: PublishedEvent, state: TenantState): NotificationDraft[] => {
  const f = event.data as Facts;
  const userId = userOfEmployee(state, f.employeeId);
  return userId ? [{ userId, title, body: `Your time off ${span(f)}.` }] : [];
};

export const timeoffNotificationRules: Record<string, (event: PublishedEvent, state: TenantState) => NotificationDraft[]> = {
  'timeoff.approval_requested': (event, state) => {
    const f = event.data as Facts & { approverUserIds: string[] };
    return f.approverUserIds.map((userId) => ({ userId, title: 'Time off to approve', body: `${nameOf(state, f.employeeId)} asks for ${span(f)}.` }));
  },
  'timeoff.approval_reminder': (event, state) => {
    const f = event.data as Facts & { approverUserIds: string[]; waitingDays: number };
    return f.approverUserIds.map((userId) => ({ userId, title: 'Reminder: time off to approve', body: `${nameOf(state, f.employeeId)} has waited ${f.waitingDays} days for ${span(f)}.` }));
  },
  'timeoff.request_approved': toEmployee('Time off approved'),
  'timeoff.request_rejected': toEmployee('Time off rejected'),
};
