import { lte, sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { everyone } from '../core/principal';
import { isoDate } from '../core/text';
import { safeCell } from '../people/csv-cell';
import { seesEmployment, viewerOf } from '../people/visibility';
import { tenantMessage } from '../tenant/context';
import { tenantToday } from '../tenant/today';
import { ledger, leaveTypes } from './timeoff.sql.ts';

/** Balances as of a date (the sum of the ledger up to it), of everyone whose employment the reader sees. */
export const exportBalances = tenantMessage.query({
  type: 'balances.export',
  access: everyone,
  input: z.strictObject({ asOf: isoDate.optional() }),
  route: { method: 'GET', path: '/v1/exports/balances.csv', summary: 'Balances of everyone the reader may see, as CSV', csvReply: 'balances.csv' },
  handler: async ({ asOf }, { state, principal, db, now }) => {
    const date = asOf ?? tenantToday(state, now);
    const viewer = viewerOf(state, principal);
    const types = new Map((await db.select().from(leaveTypes)).map((t) => [t.id, t]));
    const sums = await db
      .select({ employeeId: ledger.employeeId, leaveTypeId: ledger.leaveTypeId, balance: sql<number>`round(sum(${ledger.amount}), 2)` })
      .from(ledger)
      .where(lte(ledger.effectiveOn, date))
      .groupBy(ledger.employeeId, ledger.leaveTypeId);
    const rows = sums
      .filter((s) => seesEmployment(viewer, state.people.employees.get(s.employeeId)))
      .map((s) => {
        const e = state.people.employees.get(s.employeeId)!;
        const t = types.get(s.leaveTypeId);
        return [e.id, e.externalId, e.firstName, e.lastName, t?.name ?? s.leaveTypeId, t?.unit ?? 'days', Number(s.balance), date].map(safeCell);
      })
      .sort((a, b) => a[3]!.localeCompare(b[3]!) || a[4]!.localeCompare(b[4]!));
    return stringify(rows, { header: true, columns: ['employeeId', 'externalId', 'firstName', 'lastName', 'leaveType', 'unit', 'balance', 'asOf'] });
  },
});
