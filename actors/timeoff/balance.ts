import { and, eq, gt, inArray, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../core/store';
import { ledger, policies, requests } from './timeoff.sql.ts';

/**
 * What an employee may still take of a leave type for a request ending on `endDate`: the
 * ledger as of that date, minus the days approved for later dates (already promised, so a
 * June request cannot spend what a December holiday needs), minus pending requests (so
 * two requests cannot each spend the same days while they wait).
 */
export async function effectiveBalance(db: Db, employeeId: string, leaveTypeId: string, endDate: string, exceptRequest?: string) {
  const sum = sql<number>`coalesce(round(sum(${ledger.amount}), 2), 0)`;
  const mine = and(eq(ledger.employeeId, employeeId), eq(ledger.leaveTypeId, leaveTypeId));
  const [asOf] = await db.select({ v: sum }).from(ledger).where(and(mine, lte(ledger.effectiveOn, endDate)));
  const [later] = await db.select({ v: sum }).from(ledger).where(and(mine, eq(ledger.kind, 'usage'), gt(ledger.effectiveOn, endDate)));
  const [pending] = await db
    .select({ v: sql<number>`coalesce(round(sum(${requests.amount}), 2), 0)` })
    .from(requests)
    .where(
      and(
        eq(requests.employeeId, employeeId),
        eq(requests.leaveTypeId, leaveTypeId),
        eq(requests.status, 'pending'),
        exceptRequest ? ne(requests.id, exceptRequest) : undefined,
      ),
    );
  const round = (n: number) => Math.round(n * 100) / 100;
  const ledgerAsOf = Number(asOf?.v ?? 0);
  const committedLater = Number(later?.v ?? 0);
  const pendingAmount = Number(pending?.v ?? 0);
  return { asOf: endDate, ledger: ledgerAsOf, committedLater: round(-committedLater), pending: pendingAmount, effective: round(ledgerAsOf + committedLater - pendingAmount) };
}

/** Whether any policy of the leave type lets a balance go below zero. */
export async function allowsNegative(db: Db, leaveTypeId: string): Promise<boolean> {
  const rows = await db.select({ id: policies.id }).from(policies).where(and(eq(policies.leaveTypeId, leaveTypeId), eq(policies.allowNegative, true))).limit(1);
  return rows.length > 0;
}

/** The employee's pending and approved requests that share a date with the range. */
export async function requestsInRange(db: Db, employeeId: string, from: string, to: string) {
  return db
    .select()
    .from(requests)
    .where(and(eq(requests.employeeId, employeeId), inArray(requests.status, ['pending', 'approved']), lte(requests.startDate, to), sql`${requests.endDate} >= ${from}`));
}
