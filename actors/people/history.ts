import { eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { prepared } from '../core/prepared';
import type { Db } from '../core/store';
import { employeeEvents, type EmployeeEventRow, type EmployeeRow, type EmploymentChanges } from './people.sql.ts';

/**
 * A history row with the order it was recorded in: SQLite's rowid, which grows with every
 * insert (history rows are never deleted). Timestamps cannot order two changes recorded in
 * the same millisecond, and ids are random within one.
 */
export type RecordedEvent = EmployeeEventRow & { seq: number };

const recorded = () => ({ ...getTableColumns(employeeEvents), seq: sql<number>`rowid`.mapWith(Number) });

export function loadHistory(db: Db, where?: SQL): Promise<RecordedEvent[]> {
  const query = db.select(recorded()).from(employeeEvents);
  return where ? query.where(where) : query;
}

/** One employee's whole history, through a statement prepared once per database (every hire reads it). */
export async function historyOf(db: Db, employeeId: string): Promise<RecordedEvent[]> {
  const query = prepared(db, 'employee_events:of-employee', () => db.select(recorded()).from(employeeEvents).where(eq(employeeEvents.employeeId, sql.placeholder('employeeId'))).prepare());
  return query.all({ employeeId });
}

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
const chronological = (a: RecordedEvent, b: RecordedEvent) => a.effectiveDate.localeCompare(b.effectiveDate) || a.seq - b.seq;

/** A sort key of effective date, then the order recorded. */
export const chronologicalKey = (e: RecordedEvent) => `${e.effectiveDate}#${String(e.seq).padStart(12, '0')}`;

/**
 * An employee as of a date: the profile as it is now, the employment folded from the
 * history up to that date (events in effective-date order, then in the order recorded).
 * Undefined before the hire.
 */
export function employeeAsOf(current: EmployeeRow, history: readonly RecordedEvent[], date: string): EmployeeRow | undefined {
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
