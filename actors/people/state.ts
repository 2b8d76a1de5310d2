import type { Db } from '../core/store';
import { employees, type EmployeeRow } from './people.sql.ts';

export interface PeopleState {
  employees: Map<string, EmployeeRow>;
  employeeIdsByEmail: Map<string, string>;
  employeeIdsByExternalId: Map<string, string>;
}

export async function loadPeople(db: Db): Promise<PeopleState> {
  const rows = await db.select().from(employees);
  return {
    employees: new Map(rows.map((e) => [e.id, e])),
    employeeIdsByEmail: new Map(rows.map((e) => [e.workEmail, e.id])),
    employeeIdsByExternalId: new Map(rows.filter((e) => e.externalId).map((e) => [e.externalId!, e.id])),
  };
}
