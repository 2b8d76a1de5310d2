import { and, lte, sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { everyone } from '../core/principal';
import { isoDate } from '../core/text';
import { ledger, leaveTypes } from '../timeoff/timeoff.sql.ts';
import { tenantMessage } from '../tenant/context';
import { tenantToday } from '../tenant/today';
import { visibleEmployees } from './employees';
import { importColumns } from './import';
import { seesEmployment, viewerOf } from './visibility';

/**
 * The import's columns, so that an exported file (of people with an external id) can be
 * edited and imported back, plus the record id and termination date, which the import
 * reads and ignores. A column hidden from the reader is left empty.
 */
const columns = ['id', ...importColumns, 'terminationDate'] as const;

/**
 * Cells that start like a formula are prefixed with a quote, so that a name such as
 * `=HYPERLINK(...)` is shown as text, not run, when the file is opened in a spreadsheet.
 */
const safeCell = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};

export const exportEmployees = tenantMessage.query({
  type: 'employees.export',
  access: everyone,
  input: z.strictObject({}),
  route: { method: 'GET', path: '/v1/exports/employees.csv', summary: 'Employees as CSV, with the fields the reader may see', csvReply: 'employees.csv' },
  handler: (_input, { state, principal }) => {
    const rows = visibleEmployees(state, principal).sort((a, b) => a.lastName.localeCompare(b.lastName) || a.id.localeCompare(b.id));
    const emailOf = (id: string | null) => (id ? state.people.employees.get(id)?.workEmail : undefined);
    return stringify(
      rows.map((r) => columns.map((c) => safeCell(c === 'managerEmail' ? emailOf(r.managerId) : (r as Record<string, unknown>)[c]))),
      { header: true, columns: [...columns] },
    );
  },
});

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
      .where(and(lte(ledger.effectiveOn, date)))
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
