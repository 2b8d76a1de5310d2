import { and, gte, inArray, lte } from 'drizzle-orm';
import { z } from 'zod';
import { unprocessable } from '../core/errors';
import { everyone } from '../core/principal';
import { pageInput, paginate } from '../core/pagination';
import { idOf, isoDate } from '../core/text';
import type { EmployeeRow } from '../people/people.sql.ts';
import { seesEmployment, viewerOf, type Viewer } from '../people/visibility';
import { tenantMessage } from '../tenant/context';
import { requests, type RequestRow } from './timeoff.sql.ts';
import { calendarEntrySchema } from './replies';

/**
 * How much of an absence a viewer sees. Whoever sees the employee's employment (the
 * employee, their managers up the tree, HR) sees it with its leave type, pending ones too;
 * a teammate (same manager, or that manager) sees only that an approved absence exists.
 */
// Called as a plain predicate: as a type guard, its false branch would narrow `e` to never.
const employmentVisible: (viewer: Viewer, e: EmployeeRow) => boolean = seesEmployment;

function shownAs(viewer: Viewer, self: EmployeeRow | undefined, e: EmployeeRow, r: RequestRow): 'full' | 'off' | null {
  if (employmentVisible(viewer, e)) return 'full';
  if (r.status !== 'approved' || e.status === 'terminated' || !self) return null;
  const teammate = (self.managerId !== null && e.managerId === self.managerId) || e.id === self.managerId || e.managerId === self.id;
  return teammate ? 'off' : null;
}

export const teamCalendar = tenantMessage.query({
  type: 'timeoff.calendar',
  access: everyone,
  input: z.strictObject({
    ...pageInput,
    from: isoDate,
    to: isoDate,
    departmentId: idOf('dep').optional(),
    managerId: idOf('emp').optional(),
  }),
  output: z.strictObject({ from: isoDate, to: isoDate, items: z.array(calendarEntrySchema), nextCursor: z.string().nullable() }),
  route: { method: 'GET', path: '/v1/timeoff-calendar', summary: 'Who is off in a date range (approved, and pending marked as such)' },
  handler: async ({ from, to, departmentId, managerId, limit, cursor }, ctx) => {
    if (to < from) throw unprocessable('invalid_range', 'The end is before the start.', 'to');
    if (Date.parse(to) - Date.parse(from) > 92 * 86_400_000) throw unprocessable('range_too_long', 'A calendar spans at most 93 days.', 'to');
    const viewer = viewerOf(ctx.state, ctx.principal);
    const self = viewer.self ? ctx.state.people.employees.get(viewer.self) : undefined;
    const rows = await ctx.db
      .select()
      .from(requests)
      .where(and(inArray(requests.status, ['pending', 'approved']), lte(requests.startDate, to), gte(requests.endDate, from)));
    const items = rows.flatMap((r) => {
      const e = ctx.state.people.employees.get(r.employeeId);
      if (!e || (departmentId && e.departmentId !== departmentId) || (managerId && e.managerId !== managerId)) return [];
      const shown = shownAs(viewer, self, e, r);
      if (!shown) return [];
      const who = { id: r.id, employeeId: e.id, name: `${e.preferredName ?? e.firstName} ${e.lastName}`, startDate: r.startDate, endDate: r.endDate, startHalf: r.startHalf, endHalf: r.endHalf };
      return [shown === 'full' ? { ...who, status: r.status, leaveTypeId: r.leaveTypeId as string | null } : { ...who, status: 'off', leaveTypeId: null }];
    });
    const { page, nextCursor } = paginate(items, { sort: 'startDate', limit, cursor, keyOf: (i) => i.startDate });
    return { from, to, items: page, nextCursor };
  },
});
