import { peopleManagers } from '../core/principal';
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
  'timeoff.request_after_termination': (event, state) => {
    const f = event.data as Facts & { lastDay: string; kept: boolean; userIds: string[] };
    const title = f.kept ? 'Time off after the last day kept' : 'Time off cancelled: employment ends';
    const body = `${nameOf(state, f.employeeId)}: ${span(f)} falls after the last day, ${f.lastDay}${f.kept ? '; HR kept it' : ''}.`;
    return f.userIds.map((userId) => ({ userId, title, body }));
  },
  // HR hears of a run that found rows due before today: the timer was late (balances counted them anyway).
  'timeoff.accrual_overdue': (event, state) => {
    const f = event.data as { policyName: string; rows: number; since: string };
    const hr = [...state.identity.users.values()].filter((u) => u.status === 'active' && peopleManagers.includes(u.role));
    return hr.map((u) => ({ userId: u.id, title: 'Accrual run was late', body: `${f.policyName}: ${f.rows} ledger row(s) due since ${f.since} were written late.` }));
  },
  'timeoff.request_approved': toEmployee('Time off approved'),
  'timeoff.request_rejected': toEmployee('Time off rejected'),
};
