import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { notFound, unprocessable } from '../core/errors';
import { pageInput, paginate, sortOf } from '../core/pagination';
import { everyone, peopleManagers } from '../core/principal';
import { idOf, text } from '../core/text';
import { assertIfMatchContent, contentEtag, versionEtag } from '../core/versioned';
import { actorOf, audienceOf } from '../people/employees';
import { tenantMessage, type TenantState } from '../tenant/context';
import { scheduleAssignments, schedules, type ScheduleRow } from './attendance.sql.ts';
import { visibleEmployee, zoneOf } from './employee';
import { hoursOn, scheduledSpan } from './schedule-day';
import { defaultMaxShiftMinutes } from './shift-limit';
import type { EmployeeRow } from '../people/people.sql.ts';
import { scheduleAssigned } from './events';
import { pageOf } from '../core/reply';
import { assignmentSchema, scheduleSchema } from './replies';

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Must be a time as HH:MM (24-hour).')
  .meta({ examples: ['09:00'] });
const hours = z
  .strictObject({ start: clock, end: clock })
  .refine((h) => h.start !== h.end, { message: 'The end must differ from the start.', path: ['end'] });
const weekdays = ['1', '2', '3', '4', '5', '6', '7'] as const;
const days = z
  .strictObject(Object.fromEntries(weekdays.map((d) => [d, hours.optional()])) as Record<(typeof weekdays)[number], z.ZodOptional<typeof hours>>)
  .refine((d) => Object.values(d).some(Boolean), 'At least one weekday (1 = Monday … 7 = Sunday) must be worked.')
  .meta({ examples: [Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, { start: '09:00', end: '17:30' }]))] });

export const scheduleView = (s: ScheduleRow) => ({
  id: s.id,
  name: s.name,
  days: s.days,
  graceMinutes: s.graceMinutes,
  maxShiftMinutes: s.maxShiftMinutes,
  version: s.version,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

export const createSchedule = tenantMessage.command({
  type: 'attendance.schedules.create',
  access: peopleManagers,
  input: z.strictObject({
    name: text(80),
    days,
    graceMinutes: z.number().int().min(0).max(240).default(0),
    maxShiftMinutes: z.number().int().min(60).max(24 * 60).default(defaultMaxShiftMinutes).describe('Longer shifts are flagged for HR; 16 hours unless set'),
  }),
  output: scheduleSchema,
  route: { method: 'POST', path: '/v1/attendance/schedules', status: 201, summary: 'Create a work schedule (hours per ISO weekday, grace minutes)', etag: versionEtag },
  handler: async (input, ctx) => {
    const at = ctx.now.toISOString();
    // Keep only the worked weekdays: `undefined` keys would otherwise round-trip as nulls.
    const worked = Object.fromEntries(Object.entries(input.days).filter(([, h]) => h)) as ScheduleRow['days'];
    const row: ScheduleRow = { id: ctx.ids.next('wsc'), name: input.name, days: worked, graceMinutes: input.graceMinutes, maxShiftMinutes: input.maxShiftMinutes, version: 1, createdAt: at, updatedAt: at };
    await ctx.db.insert(schedules).values(row);
    ctx.set(ctx.state.attendance.schedules, row.id, row);
    ctx.audit({ entity: 'attendance_schedule', id: row.id, after: scheduleView(row) });
    return scheduleView(row);
  },
});

export const getSchedule = tenantMessage.query({
  type: 'attendance.schedules.get',
  access: everyone,
  input: z.strictObject({ id: idOf('wsc') }),
  output: scheduleSchema,
  route: { method: 'GET', path: '/v1/attendance/schedules/:id', summary: 'Read a work schedule', etag: versionEtag },
  handler: ({ id }, { state }) => scheduleView(requireSchedule(state, id)),
});

export const listSchedules = tenantMessage.query({
  type: 'attendance.schedules.list',
  access: everyone,
  input: z.strictObject({ ...pageInput, sort: sortOf(['name', 'createdAt']).default('name') }),
  output: pageOf(scheduleSchema),
  route: { method: 'GET', path: '/v1/attendance/schedules', summary: 'List work schedules' },
  handler: ({ limit, cursor, sort }, { state }) => {
    const { page, nextCursor } = paginate([...state.attendance.schedules.values()], { sort, limit, cursor, keyOf: (s, f) => (f === 'name' ? s.name : s.createdAt) });
    return { items: page.map(scheduleView), nextCursor };
  },
});

export const assignSchedule = tenantMessage.command({
  type: 'attendance.schedules.assign',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('emp'), scheduleId: idOf('wsc').nullable() }),
  output: assignmentSchema,
  route: { method: 'PUT', path: '/v1/employees/:id/schedule', summary: 'Give an employee a work schedule, null takes it away (If-Match optional)', etag: contentEtag, ifMatch: 'optional' },
  handler: async ({ id, scheduleId }, ctx) => {
    const employee = ctx.state.people.employees.get(id);
    if (!employee) throw notFound('The employee');
    assertIfMatchContent(ctx.meta.ifMatch, assignmentView(ctx.state, id));
    if (scheduleId && !ctx.state.attendance.schedules.has(scheduleId)) throw unprocessable('unknown_schedule', 'The schedule does not exist.', 'scheduleId');
    const before = ctx.state.attendance.assignments.get(id) ?? null;
    await ctx.db.delete(scheduleAssignments).where(eq(scheduleAssignments.employeeId, id));
    if (scheduleId) {
      await ctx.db.insert(scheduleAssignments).values({ employeeId: id, scheduleId, assignedAt: ctx.now.toISOString(), assignedBy: actorOf(ctx) });
      ctx.set(ctx.state.attendance.assignments, id, scheduleId);
    } else ctx.remove(ctx.state.attendance.assignments, id);
    ctx.audit({ entity: 'employee', id, before: { scheduleId: before }, after: { scheduleId } });
    ctx.emit(scheduleAssigned.create(id, { employeeId: id, scheduleId }, audienceOf(ctx.state, employee)));
    return assignmentView(ctx.state, id);
  },
});

export const getAssignment = tenantMessage.query({
  type: 'attendance.schedules.ofEmployee',
  access: everyone,
  input: z.strictObject({ id: idOf('emp') }),
  output: assignmentSchema,
  route: { method: 'GET', path: '/v1/employees/:id/schedule', summary: "An employee's work schedule", etag: contentEtag },
  handler: ({ id }, { state, principal }) => {
    visibleEmployee(state, principal, id);
    return assignmentView(state, id);
  },
});

function assignmentView(state: TenantState, employeeId: string) {
  const scheduleId = state.attendance.assignments.get(employeeId);
  const schedule = scheduleId ? state.attendance.schedules.get(scheduleId) : undefined;
  return { employeeId, schedule: schedule ? scheduleView(schedule) : null };
}

function requireSchedule(state: TenantState, id: string): ScheduleRow {
  const s = state.attendance.schedules.get(id);
  if (!s) throw notFound('The schedule');
  return s;
}

/**
 * The hours an employee's schedule has them work on a date (0 on a day off; real elapsed
 * time, so a shift across the DST change is an hour shorter or longer), or undefined when
 * they have no schedule. Hour-unit leave costs these hours, not a fixed 8.
 */
export function scheduledHoursOf(state: TenantState, employee: EmployeeRow): ((date: string) => number) | undefined {
  const id = state.attendance.assignments.get(employee.id);
  const schedule = id ? state.attendance.schedules.get(id) : undefined;
  if (!schedule) return undefined;
  const zone = zoneOf(state, employee);
  return (date) => {
    const hours = hoursOn(schedule.days, date);
    return hours ? scheduledSpan(date, hours, zone).minutes / 60 : 0;
  };
}
