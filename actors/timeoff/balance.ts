import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../core/store';
import { requests } from './timeoff.sql.ts';

/** The employee's pending and approved requests that share a date with the range. */
export async function requestsInRange(db: Db, employeeId: string, from: string, to: string) {
  return db
    .select()
    .from(requests)
    .where(and(eq(requests.employeeId, employeeId), inArray(requests.status, ['pending', 'approved']), lte(requests.startDate, to), sql`${requests.endDate} >= ${from}`));
}
