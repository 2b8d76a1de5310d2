import { peopleManagers } from '../core/principal';
import type { TenantState } from '../tenant/context';
import { userOfEmployee } from './visibility';

/** In the inbox: HR hears of a request waiting; the employee of the decision. Names and fields only. */
export const selfServiceNotificationRules = {
  'profile.change_requested': (event: { data: unknown }, state: TenantState) => {
    const f = event.data as { employeeId: string; fields: string[] };
    const e = state.people.employees.get(f.employeeId);
    const who = e ? `${e.preferredName ?? e.firstName} ${e.lastName}` : 'An employee';
    return [...state.identity.users.values()]
      .filter((u) => u.status === 'active' && peopleManagers.includes(u.role) && userOfEmployee(state, f.employeeId) !== u.id)
      .map((u) => ({ userId: u.id, title: 'A change of personal details to approve', body: `${who} asks to change: ${f.fields.join(', ')}.` }));
  },
  'profile.change_decided': (event: { data: unknown }, state: TenantState) => {
    const f = event.data as { employeeId: string; fields: string[]; status: string; reason: string | null };
    const userId = userOfEmployee(state, f.employeeId);
    return userId ? [{ userId, title: `Your change was ${f.status}`, body: `${f.fields.join(', ')}${f.reason ? `: ${f.reason}` : '.'}` }] : [];
  },
};
