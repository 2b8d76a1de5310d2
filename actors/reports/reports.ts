import { and, eq, gte, lte } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../core/errors';
import type { QueryCtx } from '../core/message';
import { idOf, isoDate } from '../core/text';
import { employeeAsOf, loadHistory, type RecordedEvent } from '../people/history';
import type { EmployeeRow } from '../people/people.sql.ts';
import { seesEmployment, viewerOf } from '../people/visibility';
import { ledger, leaveTypes } from '../timeoff/timeoff.sql.ts';
import { untrackedUsage } from '../timeoff/leave-rules-check';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { tenantToday } from '../tenant/today';
import { bySize, rollUp } from './headcount';
import { movementOf } from './turnover';

type Ctx = QueryCtx<TenantState, TenantServices>;

/** Reports are for people who see employment data: HR and admins for everyone, managers for their reports. */
const reportReaders = ['owner', 'admin', 'hr', 'manager'] as const;

/** The employees whose employment the reader may see (from memory). */
function visibleStaff(ctx: Ctx): EmployeeRow[] {
  const viewer = viewerOf(ctx.state, ctx.principal);
  return [...ctx.state.people.employees.values()].filter((e) => seesEmployment(viewer, e));
}

/** The same employees with their histories, for reports that look back in time. */
async function population(ctx: Ctx): Promise<{ employee: EmployeeRow; history: RecordedEvent[] }[]> {
  const visible = visibleStaff(ctx);
  const histories = new Map<string, RecordedEvent[]>();
  for (const row of await loadHistory(ctx.db)) {
    if (!histories.has(row.employeeId)) histories.set(row.employeeId, []);
    histories.get(row.employeeId)!.push(row);
  }
  return visible.map((employee) => ({ employee, history: histories.get(employee.id) ?? [] }));
}

const employedOn = (e: EmployeeRow | undefined) => !!e && e.status !== 'terminated';

function assertRange(from: string, to: string) {
  if (from > to) throw new AppError(400, 'invalid_request', 'The period ends before it starts.', [{ field: 'to', message: 'Must not be before from.' }]);
}

const headcountSchema = z.strictObject({
  asOf: isoDate,
  groupBy: z.enum(['department', 'location']),
  total: z.number().int().min(0).describe('Everyone counted, once; the sum of `count` over the items'),
  items: z.array(
    z.strictObject({
      id: z.string().nullable().describe('The department or location id; null for none'),
      name: z.string().nullable(),
      parentId: z.string().nullable().describe('The parent department; null at the top and for locations'),
      count: z.number().int().min(0).describe('People whose department (or location) this is'),
      subtreeCount: z.number().int().min(0).describe('People in this department and every department below it; for locations, the same as count'),
    }),
  ),
}).meta({ id: 'HeadcountReport' });

const turnoverSchema = z.strictObject({
  from: isoDate,
  to: isoDate,
  hires: z.number().int().min(0).describe('Times someone became employed in the period (hires and rehires)'),
  leavers: z.number().int().min(0).describe('Times someone stopped being employed in the period'),
  headcountAtStart: z.number().int().min(0).describe('Employed at the end of the day before `from`; headcountAtStart + hires − leavers = headcountAtEnd'),
  headcountAtEnd: z.number().int().min(0).describe('Employed on `to`'),
  averageHeadcount: z.number().min(0),
  turnoverRate: z.number().min(0).describe('Leavers over the average headcount'),
}).meta({ id: 'TurnoverReport' });

const leaveTakenSchema = z.strictObject({
  from: isoDate,
  to: isoDate,
  today: isoDate.describe("The company's today (in its time zone): days up to it are taken, days after it booked"),
  items: z.array(
    z.strictObject({
      leaveTypeId: idOf('ltp'),
      name: z.string().nullable(),
      unit: z.enum(['days', 'hours']),
      taken: z.number().describe('Approved leave on days of the period up to today'),
      booked: z.number().describe('Approved leave on days of the period after today'),
      employees: z.number().int().min(0).describe('People with leave taken or booked in the period'),
    }),
  ),
}).meta({ id: 'LeaveTakenReport' });

export const headcountReport = tenantMessage.query({
  type: 'reports.headcount',
  access: reportReaders,
  input: z.strictObject({ asOf: isoDate.optional(), groupBy: z.enum(['department', 'location']).default('department') }),
  output: headcountSchema,
  route: { method: 'GET', path: '/v1/reports/headcount', summary: 'Headcount by department (direct and with sub-departments) or location as of a date' },
  handler: async ({ asOf, groupBy }, ctx) => {
    const date = asOf ?? tenantToday(ctx.state, ctx.now);
    const groups = new Map<string | null, number>();
    let total = 0;
    for (const { employee, history } of await population(ctx)) {
      const then = employeeAsOf(employee, history, date);
      if (!employedOn(then)) continue;
      const key = groupBy === 'department' ? then!.departmentId : then!.locationId;
      groups.set(key, (groups.get(key) ?? 0) + 1);
      total++;
    }
    // Departments roll up into their parents (the tree as it is today); locations have no tree.
    const items =
      groupBy === 'department'
        ? rollUp(ctx.state.organisation.departments, groups)
        : [...groups].map(([id, count]) => ({ id, name: id === null ? null : (ctx.state.organisation.locations.get(id)?.name ?? null), parentId: null, count, subtreeCount: count }));
    if (groupBy === 'location') items.sort(bySize);
    return { asOf: date, groupBy, total, items };
  },
});

export const turnoverReport = tenantMessage.query({
  type: 'reports.turnover',
  access: reportReaders,
  input: z.strictObject({ from: isoDate, to: isoDate }),
  output: turnoverSchema,
  route: { method: 'GET', path: '/v1/reports/turnover', summary: 'Hires and leavers in a period, with the turnover rate' },
  handler: async ({ from, to }, ctx) => {
    assertRange(from, to);
    let hires = 0;
    let leavers = 0;
    let atStart = 0;
    let atEnd = 0;
    for (const { employee, history } of await population(ctx)) {
      const employed = (date: string) => employedOn(employeeAsOf(employee, history, date));
      const m = movementOf(employed, history.map((e) => e.effectiveDate), from, to);
      hires += m.hires;
      leavers += m.leavers;
      if (m.atStart) atStart++;
      if (m.atEnd) atEnd++;
    }
    const average = (atStart + atEnd) / 2;
    // Leavers over the average headcount of the period, the usual definition.
    const turnoverRate = average > 0 ? Math.round((leavers / average) * 10_000) / 10_000 : 0;
    return { from, to, hires, leavers, headcountAtStart: atStart, headcountAtEnd: atEnd, averageHeadcount: average, turnoverRate };
  },
});

export const leaveTakenReport = tenantMessage.query({
  type: 'reports.leaveTaken',
  access: reportReaders,
  input: z.strictObject({ from: isoDate, to: isoDate }),
  output: leaveTakenSchema,
  route: { method: 'GET', path: '/v1/reports/leave-taken', summary: 'Leave by type in a period: taken (up to today) and booked (after today)' },
  handler: async ({ from, to }, ctx) => {
    assertRange(from, to);
    const today = tenantToday(ctx.state, ctx.now);
    const visible = new Set(visibleStaff(ctx).map((e) => e.id));
    const types = new Map((await ctx.db.select().from(leaveTypes)).map((t) => [t.id, t]));
    const rows = await ctx.db
      .select()
      .from(ledger)
      .where(and(eq(ledger.kind, 'usage'), gte(ledger.effectiveOn, from), lte(ledger.effectiveOn, to)));
    // Usage rows are negative, one per day off on its day; a cancelled request's rows are
    // reversed by positive ones on the same days, so the sums net out what was given back.
    // Untracked types (sick, unpaid) write no ledger rows; their approved days count all the same.
    const counted = [...rows, ...(await untrackedUsage(ctx.db, from, to))];
    const byType = new Map<string, { taken: number; booked: number; people: Map<string, number> }>();
    for (const r of counted) {
      if (!visible.has(r.employeeId)) continue;
      const slot = byType.get(r.leaveTypeId) ?? { taken: 0, booked: 0, people: new Map<string, number>() };
      if (r.effectiveOn <= today) slot.taken += -r.amount;
      else slot.booked += -r.amount;
      slot.people.set(r.employeeId, (slot.people.get(r.employeeId) ?? 0) - r.amount);
      byType.set(r.leaveTypeId, slot);
    }
    const round = (n: number) => Math.round(n * 100) / 100;
    const items = [...byType]
      .map(([id, s]) => ({
        leaveTypeId: id,
        name: types.get(id)?.name ?? null,
        unit: types.get(id)?.unit ?? 'days',
        taken: round(s.taken),
        booked: round(s.booked),
        employees: [...s.people.values()].filter((n) => round(n) !== 0).length,
      }))
      .filter((i) => i.employees > 0);
    return { from, to, today, items: items.sort((a, b) => b.taken + b.booked - (a.taken + a.booked) || (a.name ?? '').localeCompare(b.name ?? '')) };
  },
});
