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
  total: z.number().int().min(0),
  items: z.array(z.strictObject({ id: z.string().nullable().describe('The department or location id; null for none'), name: z.string().nullable(), count: z.number().int().min(0) })),
});

const turnoverSchema = z.strictObject({
  from: isoDate,
  to: isoDate,
  hires: z.number().int().min(0),
  leavers: z.number().int().min(0),
  headcountAtStart: z.number().int().min(0),
  headcountAtEnd: z.number().int().min(0),
  averageHeadcount: z.number().min(0),
  turnoverRate: z.number().min(0).describe('Leavers over the average headcount'),
});

const leaveTakenSchema = z.strictObject({
  from: isoDate,
  to: isoDate,
  items: z.array(z.strictObject({ leaveTypeId: idOf('ltp'), name: z.string().nullable(), unit: z.enum(['days', 'hours']), taken: z.number(), employees: z.number().int().min(0) })),
});

export const headcountReport = tenantMessage.query({
  type: 'reports.headcount',
  access: reportReaders,
  input: z.strictObject({ asOf: isoDate.optional(), groupBy: z.enum(['department', 'location']).default('department') }),
  output: headcountSchema,
  route: { method: 'GET', path: '/v1/reports/headcount', summary: 'Headcount by department or location as of a date' },
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
    const nameOf = (id: string | null) =>
      id === null ? null : (groupBy === 'department' ? ctx.state.organisation.departments.get(id)?.name : ctx.state.organisation.locations.get(id)?.name) ?? null;
    const items = [...groups].map(([id, count]) => ({ id, name: nameOf(id), count })).sort((a, b) => b.count - a.count || (a.name ?? '').localeCompare(b.name ?? ''));
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
      for (const e of history) {
        if (e.state !== 'applied' || e.effectiveDate < from || e.effectiveDate > to) continue;
        if (e.type === 'hire' || e.type === 'rehire') hires++;
        if (e.type === 'termination') leavers++;
      }
      if (employedOn(employeeAsOf(employee, history, from))) atStart++;
      if (employedOn(employeeAsOf(employee, history, to))) atEnd++;
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
  route: { method: 'GET', path: '/v1/reports/leave-taken', summary: 'Leave taken by type in a period' },
  handler: async ({ from, to }, ctx) => {
    assertRange(from, to);
    const visible = new Set(visibleStaff(ctx).map((e) => e.id));
    const types = new Map((await ctx.db.select().from(leaveTypes)).map((t) => [t.id, t]));
    const rows = await ctx.db
      .select()
      .from(ledger)
      .where(and(eq(ledger.kind, 'usage'), gte(ledger.effectiveOn, from), lte(ledger.effectiveOn, to)));
    // Untracked types (sick, unpaid) write no ledger rows; their approved days count all the same.
    const counted = [...rows, ...(await untrackedUsage(ctx.db, from, to))];
    const byType = new Map<string, { amount: number; people: Set<string> }>();
    for (const r of counted) {
      if (!visible.has(r.employeeId)) continue;
      const slot = byType.get(r.leaveTypeId) ?? { amount: 0, people: new Set<string>() };
      slot.amount += -r.amount;
      slot.people.add(r.employeeId);
      byType.set(r.leaveTypeId, slot);
    }
    const items = [...byType].map(([id, s]) => ({
      leaveTypeId: id,
      name: types.get(id)?.name ?? null,
      unit: types.get(id)?.unit ?? 'days',
      taken: Math.round(s.amount * 100) / 100,
      employees: s.people.size,
    }));
    return { from, to, items: items.sort((a, b) => b.taken - a.taken) };
  },
});
