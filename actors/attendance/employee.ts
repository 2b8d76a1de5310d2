import { companyZone } from '../tenant/today';
import { notFound } from '../core/errors';
import type { Principal } from '../core/principal';
import type { EmployeeRow } from '../people/people.sql.ts';
import { seesEmployment, viewerOf } from '../people/visibility';
import type { TenantState } from '../tenant/context';

/**
 * The employee whose attendance is read, if the principal may see it: themself, their
 * reports (managers), everyone (HR, admin, owner). Anyone else gets the same 404 as for an
 * id that does not exist, so attendance never tells who works here.
 */
export function visibleEmployee(state: TenantState, principal: Principal, id: string): EmployeeRow {
  const employee = state.people.employees.get(id);
  if (!seesEmployment(viewerOf(state, principal), employee)) throw notFound('The employee');
  return employee;
}

/** Where an employee's days are counted: their location's zone, else the company's. */
export function zoneOf(state: TenantState, employee: EmployeeRow): string {
  const location = employee.locationId ? state.organisation.locations.get(employee.locationId) : undefined;
  return location?.timeZone ?? companyZone(state);
}
