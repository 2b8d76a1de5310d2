import { and, eq, gte, lte } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { unprocessable } from '../core/errors';
import type { QueryCtx } from '../core/message';
import { peopleManagers } from '../core/principal';
import { isoDate } from '../core/text';
import { daysOf } from '../attendance/timesheets';
import { toCell } from '../custom-fields/rules';
import { customView } from '../custom-fields/view';
import { safeCell } from '../people/csv-cell';
import { allTiers } from '../people/visibility';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { untrackedUsage } from '../timeoff/leave-rules-check';
import { ledger, leaveTypes } from '../timeoff/timeoff.sql.ts';
import { inForce } from '../compensation/rules';
import { loadHistory, type RecordedEvent } from '../people/history';
import { employmentPeriods } from '../people/periods';
import { daysIn, proratedPay, segmentsOf } from './proration';

type Ctx = QueryCtx<TenantState, TenantServices>;

/**
 * The payroll-period export: one row per employee employed on any day of the period, what an
 * external payroll provider imports. Its columns are fixed and documented (README, "Payroll
 * export"); the company's payroll custom fields follow as `custom.<key>`. HR only.
 *
 * - pay: the record in force on the last employed day of the period, the changes that took
 *   effect within it, and the period's pay prorated by calendar days (see proration.ts);
 * - time: worked and overtime minutes (a day's worked minutes beyond its scheduled ones) and
 *   absences, from the same day records as the attendance timesheet;
 * - leave: days taken in the period, paid and unpaid and by type, from the time-off ledger
 *   (and the approved requests of untracked types), as the leave-taken report counts them;
 * - movements: hire and termination dates that fall in the period, and a leaver's final
 *   balance per tracked leave type as of their last day. Rows are per employment period
 *   (see people/periods.ts): someone who left and was rehired within the period has one
 *   row for each, with its own dates, pay, time and leave.
 */
export const payrollColumns = [
  'employeeId',
  'externalId',
  'firstName',
  'lastName',
  'department',
  'location',
  'periodFrom',
  'periodTo',
  'employedDays',
  'currency',
  'frequency',
  'amount',
  'payGrade',
  'costCentre',
  'fte',
  'payChanges',
  'proratedPay',
  'workedMinutes',
  'overtimeMinutes',
  'scheduledMinutes',
  'absences',
  'paidLeaveDays',
  'unpaidLeaveDays',
  'leaveByType',
  'hiredOn',
  'leftOn',
  'finalLeaveBalance',
] as const;

const periodInput = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Must be a month as YYYY-MM.').optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

/**
 * The period asked for. The rules between the fields, which the API document cannot state, are
 * 422 with their codes (as for time-off ranges), not 400: a request the document calls valid is
 * never refused as malformed.
 */
function periodOf(p: z.output<typeof periodInput>): { from: string; to: string } {
  if (p.month && (p.from || p.to)) throw unprocessable('conflicting_fields', 'Give a month or from and to, not both.', 'month');
  if (!p.month && !(p.from && p.to)) throw unprocessable('period_required', 'Give a month, or both from and to.', p.from ? 'to' : 'from');
  if (p.month) {
    const [y, m] = p.month.split('-').map(Number);
    const last = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
    return { from: `${p.month}-01`, to: `${p.month}-${String(last).padStart(2, '0')}` };
  }
  const { from, to } = p as { from: string; to: string };
  if (to < from) throw unprocessable('invalid_range', 'Must not be before from.', 'to');
  if (daysIn(from, to) > 366) throw unprocessable('range_too_long', 'A period covers at most 366 days.', 'to');
  return { from, to };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const listed = (m: Map<string, number>) => [...m].filter(([, n]) => round2(n) !== 0).sort(([a], [b]) => a.localeCompare(b)).map(([name, n]) => `${name}: ${round2(n)}`).join('; ');

export async function payrollRows(ctx: Ctx, from: string, to: string) {
  const { state, db } = ctx;
  const types = new Map((await db.select().from(leaveTypes)).map((t) => [t.id, t]));
  const usage = [
    ...(await db.select().from(ledger).where(and(eq(ledger.kind, 'usage'), gte(ledger.effectiveOn, from), lte(ledger.effectiveOn, to)))),
    ...(await untrackedUsage(db, from, to)),
  ];
  const usageOf = new Map<string, typeof usage>();
  for (const u of usage) (usageOf.get(u.employeeId) ?? usageOf.set(u.employeeId, []).get(u.employeeId)!).push(u);
  const payrollFields = [...state.customFields.fields.values()].filter((f) => f.payroll).sort((a, b) => a.key.localeCompare(b.key));
  const rows: Record<string, string | number | null>[] = [];
  const histories = new Map<string, RecordedEvent[]>();
  for (const h of await loadHistory(db)) (histories.get(h.employeeId) ?? histories.set(h.employeeId, []).get(h.employeeId)!).push(h);
  // One row per employment within the period: a leaver rehired in it has two, each with its own dates.
  const staff = [...state.people.employees.values()]
    .flatMap((e) => employmentPeriods(e, histories.get(e.id) ?? []).filter((p) => p.start <= to && (p.end === null || p.end >= from)).map((p) => ({ e, p })))
    .sort((a, b) => a.e.lastName.localeCompare(b.e.lastName) || a.e.id.localeCompare(b.e.id) || a.p.start.localeCompare(b.p.start));
  for (const { e, p } of staff) {
    const start = p.start > from ? p.start : from;
    const end = p.end !== null && p.end < to ? p.end : to;
    const leftOn = p.end !== null && p.end <= to ? p.end : null;
    const records = state.compensation.records.get(e.id);
    const segments = segmentsOf(records, start, end);
    const pay = inForce(records, end);
    const { days } = await daysOf(ctx, e.id, start, end);
    const worked = days.reduce((s, d) => s + d.workedMinutes, 0);
    const overtime = days.reduce((s, d) => s + Math.max(0, d.workedMinutes - (d.scheduled?.minutes ?? 0)), 0);
    const leave = new Map<string, number>();
    let paid = 0;
    let unpaid = 0;
    for (const u of (usageOf.get(e.id) ?? []).filter((u) => u.effectiveOn >= start && u.effectiveOn <= end)) {
      const t = types.get(u.leaveTypeId);
      const taken = -u.amount;
      leave.set(t?.name ?? u.leaveTypeId, (leave.get(t?.name ?? u.leaveTypeId) ?? 0) + taken);
      if (t?.paid === false) unpaid += taken;
      else paid += taken;
    }
    let finalBalance = '';
    if (leftOn) {
      const balances = new Map<string, number>();
      for (const r of await db.select().from(ledger).where(and(eq(ledger.employeeId, e.id), lte(ledger.effectiveOn, leftOn)))) {
        const name = types.get(r.leaveTypeId)?.name ?? r.leaveTypeId;
        balances.set(name, (balances.get(name) ?? 0) + r.amount);
      }
      finalBalance = [...balances].sort(([a], [b]) => a.localeCompare(b)).map(([name, n]) => `${name}: ${round2(n)}`).join('; ');
    }
    const custom = customView(state, e.id, allTiers);
    rows.push({
      employeeId: e.id,
      externalId: e.externalId,
      firstName: e.firstName,
      lastName: e.lastName,
      department: e.departmentId ? (state.organisation.departments.get(e.departmentId)?.name ?? null) : null,
      location: e.locationId ? (state.organisation.locations.get(e.locationId)?.name ?? null) : null,
      periodFrom: start,
      periodTo: end,
      employedDays: daysIn(start, end),
      currency: pay?.currency ?? null,
      frequency: pay?.frequency ?? null,
      amount: pay?.amount ?? null,
      payGrade: pay?.payGrade ?? null,
      costCentre: pay?.costCentre ?? null,
      fte: pay?.fte ?? null,
      payChanges: segments
        .filter((s) => s.record.effectiveDate >= start && s.record.effectiveDate <= end)
        .map((s) => `${s.from} ${s.record.amount} ${s.record.currency}`)
        .join('; '),
      proratedPay: proratedPay(segments, daysIn(from, to)),
      workedMinutes: worked,
      overtimeMinutes: overtime,
      scheduledMinutes: days.reduce((s, d) => s + (d.scheduled?.minutes ?? 0), 0),
      absences: days.filter((d) => d.absent).length,
      paidLeaveDays: round2(paid),
      unpaidLeaveDays: round2(unpaid),
      leaveByType: listed(leave),
      hiredOn: p.start >= from ? p.start : null,
      leftOn,
      finalLeaveBalance: finalBalance,
      ...Object.fromEntries(payrollFields.map((f) => [`custom.${f.key}`, toCell(custom[f.key])])),
    });
  }
  return { columns: [...payrollColumns, ...payrollFields.map((f) => `custom.${f.key}`)], rows };
}

export const payrollExport = tenantMessage.query({
  type: 'payroll.export',
  access: peopleManagers,
  input: periodInput,
  output: z.strictObject({ from: isoDate, to: isoDate, columns: z.array(z.string()), items: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))) }),
  route: { method: 'GET', path: '/v1/exports/payroll', summary: 'The payroll period (month=YYYY-MM, or from and to): one row per employee, for the payroll provider' },
  handler: async (input, ctx) => {
    const { from, to } = periodOf(input);
    const { columns, rows } = await payrollRows(ctx, from, to);
    return { from, to, columns, items: rows };
  },
});

export const payrollCsv = tenantMessage.query({
  type: 'payroll.exportCsv',
  access: peopleManagers,
  input: periodInput,
  route: { method: 'GET', path: '/v1/exports/payroll.csv', summary: 'The payroll period as CSV, with documented and stable columns', csvReply: 'payroll.csv' },
  handler: async (input, ctx) => {
    const { from, to } = periodOf(input);
    const { columns, rows } = await payrollRows(ctx, from, to);
    return stringify(rows.map((r) => columns.map((c) => safeCell(r[c]))), { header: true, columns });
  },
});
