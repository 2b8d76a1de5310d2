import type { EmployeeEventRow, EmployeeRow, EmploymentChanges } from './people.sql.ts';

/** The employment fields; everything else on the record is profile, and is not dated. */
export const employmentFields = [
  'departmentId',
  'locationId',
  'jobTitle',
  'managerId',
  'employmentType',
  'status',
  'hireDate',
  'terminationDate',
  'terminationReason',
] as const satisfies readonly (keyof EmploymentChanges & keyof EmployeeRow)[];

const inEffect = (e: EmployeeEventRow) => e.state === 'applied' || e.state === 'scheduled';
const chronological = (a: EmployeeEventRow, b: EmployeeEventRow) =>
  a.effectiveDate.localeCompare(b.effectiveDate) || a.recordedAt.localeCompare(b.recordedAt) || a.id.localeCompare(b.id);

/**
 * An employee as of a date: the profile as it is now, the employment folded from the
 * history up to that date (events in effective-date order, then in the order recorded).
 * Undefined before the hire.
 */
export function employeeAsOf(current: EmployeeRow, history: readonly EmployeeEventRow[], date: string): EmployeeRow | undefined {
  const events = history.filter((e) => inEffect(e) && e.effectiveDate <= date).sort(chronological);
  if (!events.some((e) => e.type === 'hire')) return undefined;
  const folded = { ...current };
  for (const e of events) Object.assign(folded, e.changes);
  return folded;
}

/** The employment fields that differ between two versions of a record. */
export function changedFields(before: EmployeeRow, after: EmployeeRow): string[] {
  return employmentFields.filter((f) => before[f] !== after[f]);
}

/** The employment snapshot recorded by the hire event. */
export function employmentOf(e: EmployeeRow): EmploymentChanges {
  return Object.fromEntries(employmentFields.map((f) => [f, e[f]])) as EmploymentChanges;
}
