import type { TenantState } from '../tenant/context';
import type { EmployeeRow } from './people.sql.ts';
import type { Visibility } from './visibility';

/** What a colleague sees: who someone is, what they do and how to reach them at work. */
export function directoryView(state: TenantState, e: EmployeeRow) {
  return {
    id: e.id,
    firstName: e.firstName,
    lastName: e.lastName,
    preferredName: e.preferredName,
    displayName: `${e.preferredName ?? e.firstName} ${e.lastName}`,
    workEmail: e.workEmail,
    workPhone: e.workPhone,
    jobTitle: e.jobTitle,
    departmentId: e.departmentId,
    department: e.departmentId ? (state.organisation.departments.get(e.departmentId)?.name ?? null) : null,
    locationId: e.locationId,
    location: e.locationId ? (state.organisation.locations.get(e.locationId)?.name ?? null) : null,
    managerId: e.managerId,
  };
}

/** Adds what the employee, their managers and HR see: the terms of employment. */
export function employmentView(state: TenantState, e: EmployeeRow) {
  return {
    ...directoryView(state, e),
    employmentType: e.employmentType,
    hireDate: e.hireDate,
    status: e.status,
    terminationDate: e.terminationDate,
    externalId: e.externalId,
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

/** Adds the personal fields only HR, admins and the employee read. */
export function fullView(state: TenantState, e: EmployeeRow) {
  return {
    ...employmentView(state, e),
    terminationReason: e.terminationReason,
    birthDate: e.birthDate,
    address: e.address,
    emergencyContact: e.emergencyContact,
  };
}

export type EmployeeView = Partial<ReturnType<typeof fullView>> & ReturnType<typeof directoryView>;

export function viewAt(state: TenantState, e: EmployeeRow, visibility: Exclude<Visibility, 'none'>): EmployeeView {
  if (visibility === 'full') return fullView(state, e);
  if (visibility === 'employment') return employmentView(state, e);
  return directoryView(state, e);
}
