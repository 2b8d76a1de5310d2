import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, conflict, notFound, unprocessable } from '../core/errors';
import type { CommandCtx } from '../core/message';
import { peopleManagers } from '../core/principal';
import { idOf } from '../core/text';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { userEmployeeLinked } from './events';
import { users, type UserRow } from './identity.sql.ts';
import { personOf } from './persons';
import { userSchema, userView } from './state';

/**
 * Which employee record a user is. HR sets it here, or an invite made from the record sets
 * it; nothing infers it from an email, which HR (the record) and the user (the account) can
 * each edit. A user is at most one employee and an employee at most one user. Every "is this
 * me?" rule (own leave, own balance, own attendance, what I see) follows this link.
 */
type Ctx = CommandCtx<TenantState, TenantServices>;

/** Sets or clears a user's link, with its audit row and an event to the user (streams re-check). */
export async function setEmployeeLink(ctx: Ctx, user: UserRow, employeeId: string | null): Promise<UserRow> {
  const { identity } = ctx.state;
  const from = user.employeeId ?? null;
  if (from === employeeId) return user;
  if (employeeId) {
    const holder = identity.userIdsByEmployee.get(employeeId);
    if (holder && holder !== user.id) throw conflict('employee_linked', 'Another user is linked to this employee.', 'employeeId');
  }
  const updated: UserRow = { ...user, employeeId, updatedAt: ctx.now.toISOString() };
  await ctx.db.update(users).set({ employeeId, updatedAt: updated.updatedAt }).where(eq(users.id, user.id));
  ctx.set(identity.users, user.id, updated);
  if (from) ctx.remove(identity.userIdsByEmployee, from);
  if (employeeId) ctx.set(identity.userIdsByEmployee, employeeId, user.id);
  ctx.audit({ entity: 'user', id: user.id, before: { employeeId: from }, after: { employeeId } });
  ctx.emit(userEmployeeLinked.create(user.id, { user: userView(updated), employeeId, from }, [user.id, ...(employeeId ? [employeeId] : []), ...(from ? [from] : [])]));
  return updated;
}

/** The record exists and is current staff: a leaver's record takes no new account. */
export function assertLinkableEmployee(state: TenantState, employeeId: string, userId?: string) {
  const employee = state.people.employees.get(employeeId);
  if (!employee) throw unprocessable('unknown_employee', 'No employee has this id.', 'employeeId');
  if (employee.status === 'terminated') throw unprocessable('employee_terminated', 'This employee has left.', 'employeeId');
  const holder = state.identity.userIdsByEmployee.get(employeeId);
  if (holder && holder !== userId) throw conflict('employee_linked', 'Another user is linked to this employee.', 'employeeId');
}

/**
 * HR, admins and owners link anyone but themselves (an owner's link is set by another owner,
 * an admin or HR): whoever would gain from a wrong link of their own never sets it.
 */
function linkable(ctx: Ctx, id: string): UserRow {
  const user = ctx.state.identity.users.get(id);
  if (!user) throw notFound('The user');
  const p = ctx.principal;
  if (personOf(ctx.state.identity, p) === user.id) {
    throw new AppError(403, 'self_link', 'Nobody changes which employee record they are; ask someone else in HR.');
  }
  return user;
}

export const linkEmployee = tenantMessage.command({
  type: 'users.linkEmployee',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('usr'), employeeId: idOf('emp') }),
  output: userSchema,
  route: { method: 'PUT', path: '/v1/users/:id/employee', summary: 'Link a user to the employee record they are (HR); replaces any earlier link' },
  handler: async ({ id, employeeId }, ctx) => {
    const user = linkable(ctx, id);
    assertLinkableEmployee(ctx.state, employeeId, user.id);
    return userView(await setEmployeeLink(ctx, user, employeeId));
  },
});

export const unlinkEmployee = tenantMessage.command({
  type: 'users.unlinkEmployee',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('usr') }),
  output: userSchema,
  route: { method: 'DELETE', path: '/v1/users/:id/employee', summary: 'Remove the link between a user and their employee record (HR)' },
  handler: async ({ id }, ctx) => userView(await setEmployeeLink(ctx, linkable(ctx, id), null)),
});
