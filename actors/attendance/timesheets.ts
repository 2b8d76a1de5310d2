import { and, eq, gte, lte } from 'drizzle-orm';
import { z } from 'zod';
import type { QueryCtx } from '../core/message';
import { pageInput, paginate } from '../core/pagination';
import { everyone } from '../core/principal';
import { idOf } from '../core/text';
import { datesBetween } from '../organisation/calendar';
import { calendarOf } from '../organisation/locations';
import type { TenantServices, TenantState } from '../tenant/context';
import { tenantMessage } from '../tenant/context';
import { ledger } from '../timeoff/timeoff.sql.ts';
import { untrackedUsage } from '../timeoff/leave-rules-check';
import { punches } from './attendance.sql.ts';
import { dayRecords, totalsOf, type DayRecord } from './day-records';
import { visibleEmployee, zoneOf } from './employee';
import { checkRange, dateRange } from './range';
import { daysPageSchema, timesheetSchema } from './replies';

type Ctx = QueryCtx<TenantState, TenantServices>;

/** Every day of a period for one employee, computed from punches, schedule, calendar and leave at read time. */
export async function daysOf(ctx: Ctx, employeeId: string, from: string, to: string): Promise<{ zone: string; scheduleId: string | null; days: DayRecord[] }> {
  const employee = visibleEmployee(ctx.state, ctx.principal, employeeId);
  const rows = await ctx.db
    .select()
    .from(punches)
    .where(and(eq(punches.employeeId, employeeId), eq(punches.status, 'active'), gte(punches.workDate, from), lte(punches.workDate, to)));
  const scheduleId = ctx.state.attendance.assignments.get(employeeId) ?? null;
  const zone = zoneOf(ctx.state, employee);
  const days = dayRecords({
    dates: datesBetween(from, to),
    punches: rows,
    schedule: scheduleId ? ctx.state.attendance.schedules.get(scheduleId) : undefined,
    calendar: calendarOf(ctx.state, employee.locationId),
    zone,
    leave: await leaveTaken(ctx, employeeId, from, to),
    hireDate: employee.hireDate,
    terminationDate: employee.terminationDate,
    now: ctx.now,
  });
  return { zone, scheduleId, days };
}

/** Days of approved leave by date: the time-off ledger's usage rows (negative amounts), whatever the leave type. */
async function leaveTaken(ctx: Ctx, employeeId: string, from: string, to: string): Promise<Map<string, number>> {
  const rows = await ctx.db
    .select({ on: ledger.effectiveOn, amount: ledger.amount })
    .from(ledger)
    .where(and(eq(ledger.employeeId, employeeId), eq(ledger.kind, 'usage'), gte(ledger.effectiveOn, from), lte(ledger.effectiveOn, to)));
  // Untracked leave (sick, unpaid) keeps no ledger rows: its approved days come from the requests.
  rows.push(...(await untrackedUsage(ctx.db, from, to, employeeId)).map((u) => ({ on: u.effectiveOn, amount: u.amount })));
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.on, (out.get(r.on) ?? 0) - r.amount);
  return out;
}

const periodInput = { employeeId: idOf('emp'), ...dateRange };

export const listDays = tenantMessage.query({
  type: 'attendance.days.list',
  access: everyone,
  input: z.strictObject({ ...periodInput, ...pageInput }),
  output: daysPageSchema,
  route: { method: 'GET', path: '/v1/attendance/days', summary: "An employee's days: shifts, worked minutes, late arrival, absence, leave" },
  handler: async ({ employeeId, from, to, limit, cursor }, ctx) => {
    checkRange({ from, to });
    const { zone, days } = await daysOf(ctx, employeeId, from, to);
    const { page, nextCursor } = paginate(
      days.map((d) => ({ id: d.date, ...d })),
      { sort: 'date', limit, cursor, keyOf: (d) => d.date },
    );
    return { employeeId, timeZone: zone, items: page.map(({ id: _, ...d }) => d), nextCursor };
  },
});

export const timesheet = tenantMessage.query({
  type: 'attendance.timesheet',
  access: everyone,
  input: z.strictObject(periodInput),
  output: timesheetSchema,
  route: { method: 'GET', path: '/v1/attendance/timesheet', summary: 'Worked hours, late arrivals, absences and leave for a period, per day and in total' },
  handler: async ({ employeeId, from, to }, ctx) => {
    checkRange({ from, to });
    const { zone, scheduleId, days } = await daysOf(ctx, employeeId, from, to);
    return {
      employeeId,
      from,
      to,
      timeZone: zone,
      scheduleId,
      days: days.map((d) => ({
        date: d.date,
        workedMinutes: d.workedMinutes,
        scheduledMinutes: d.scheduled?.minutes ?? 0,
        late: d.late,
        lateMinutes: d.lateMinutes,
        absent: d.absent,
        leaveDays: d.leaveDays,
        open: d.open,
      })),
      totals: totalsOf(days),
    };
  },
});
