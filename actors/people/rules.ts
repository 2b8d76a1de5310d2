import { conflict, unprocessable } from '../core/errors';
import type { CommandCtx } from '../core/message';
import { departmentChanged } from '../organisation/events';
import type { DepartmentRow } from '../organisation/organisation.sql.ts';
import { departments } from '../organisation/organisation.sql.ts';
import type { TenantServices, TenantState } from '../tenant/context';

type Ctx = CommandCtx<TenantState, TenantServices>;

/** The invariants of an employee record, shared by create, update, lifecycle and import. */
export function assertEmailFree(state: TenantState, workEmail: string, self?: string) {
  const holder = state.people.employeeIdsByEmail.get(workEmail);
  if (holder && holder !== self) throw conflict('email_taken', 'Another employee of this company has this work email.', 'workEmail');
}

export function assertExternalIdFree(state: TenantState, externalId: string, self?: string) {
  const holder = state.people.employeeIdsByExternalId.get(externalId);
  if (holder && holder !== self) throw conflict('external_id_taken', 'Another employee has this external id.', 'externalId');
}

/** A manager must be a current employee and must not report, directly or not, to the employee. */
export function assertManagerAllowed(state: TenantState, employeeId: string | undefined, managerId: string) {
  const all = state.people.employees;
  const manager = all.get(managerId);
  if (!manager || manager.status === 'terminated') {
    throw unprocessable('unknown_manager', 'The manager is not a current employee of this company.', 'managerId');
  }
  if (!employeeId) return;
  for (let at: string | null = managerId, hops = 0; at; at = all.get(at)?.managerId ?? null, hops++) {
    if (at === employeeId || hops > all.size) throw unprocessable('manager_cycle', 'This manager would make a reporting cycle.', 'managerId');
  }
}

export function assertDepartment(state: TenantState, departmentId: string) {
  const d = state.organisation.departments.get(departmentId);
  if (!d || d.archivedAt) throw unprocessable('unknown_department', 'The department does not exist or is archived.', 'departmentId');
}

export function assertLocation(state: TenantState, locationId: string) {
  const l = state.organisation.locations.get(locationId);
  if (!l || l.archivedAt) throw unprocessable('unknown_location', 'The location does not exist or is archived.', 'locationId');
}

/**
 * A department given by name (clients, CSV files): the live department of that name, or a
 * new one at the top of the tree. A name that several departments share must be an id.
 */
export async function departmentNamed(ctx: Ctx, name: string, field = 'department'): Promise<string> {
  const matches = [...ctx.state.organisation.departments.values()].filter((d) => !d.archivedAt && d.name.toLowerCase() === name.toLowerCase());
  if (matches.length > 1) throw unprocessable('ambiguous_department', 'Several departments have this name; give departmentId.', field);
  if (matches[0]) return matches[0].id;
  const at = ctx.now.toISOString();
  const row: DepartmentRow = { id: ctx.ids.next('dep'), name, parentId: null, headEmployeeId: null, archivedAt: null, version: 1, createdAt: at, updatedAt: at };
  await ctx.db.insert(departments).values(row);
  ctx.set(ctx.state.organisation.departments, row.id, row);
  ctx.audit({ entity: 'department', id: row.id, after: row });
  ctx.emit(departmentChanged.create(row.id, { id: row.id, name, parentId: null, headEmployeeId: null, archivedAt: null }));
  return row.id;
}

/** Resolves the department (by id or by name) and checks every reference an employee makes. */
export async function resolveEmployment(
  ctx: Ctx,
  employeeId: string | undefined,
  input: { departmentId?: string | null | undefined; department?: string | null | undefined; locationId?: string | null | undefined; managerId?: string | null | undefined },
): Promise<{ departmentId?: string | null }> {
  if (input.department && input.departmentId) throw unprocessable('conflicting_fields', 'Give the department by id or by name, not both.', 'department');
  if (input.departmentId) assertDepartment(ctx.state, input.departmentId);
  if (input.locationId) assertLocation(ctx.state, input.locationId);
  if (input.managerId) assertManagerAllowed(ctx.state, employeeId, input.managerId);
  if (input.department) return { departmentId: await departmentNamed(ctx, input.department) };
  if (input.department === null) return { departmentId: null };
  return input.departmentId === undefined ? {} : { departmentId: input.departmentId };
}
