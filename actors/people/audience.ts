import type { CommandCtx } from '../core/message';
import { principalId } from '../core/principal';
import type { TenantServices, TenantState } from '../tenant/context';
import type { EmployeeRow } from './people.sql.ts';
import { userOfEmployee } from './visibility';

/** Who did it, for history rows: a user or key id, or `system` for timers. */
export const actorOf = (ctx: CommandCtx<TenantState, TenantServices>): string => principalId(ctx.principal);

/**
 * Who besides HR hears of a change to an employee: the employee and their manager, by
 * employee id and by the id of the user account linked to each.
 */
export function audienceOf(state: TenantState, e: EmployeeRow): string[] {
  const ids = [e.id];
  const self = userOfEmployee(state, e.id);
  if (self) ids.push(self);
  const manager = e.managerId ? state.people.employees.get(e.managerId) : undefined;
  if (manager) {
    ids.push(manager.id);
    const boss = userOfEmployee(state, manager.id);
    if (boss) ids.push(boss);
  }
  return ids;
}
