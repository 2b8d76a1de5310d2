import { limitOne } from '../core/prepared';
import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import { z } from 'zod';
import { conflict, forbidden, notFound, unprocessable } from '../core/errors';
import type { CommandCtx } from '../core/message';
import { pageInput, paginate } from '../core/pagination';
import { everyone, peopleManagers } from '../core/principal';
import { idOf } from '../core/text';
import { localDate } from '../organisation/calendar';
import { actorOf, audienceOf } from '../people/employees';
import type { EmployeeRow } from '../people/people.sql.ts';
import { ownEmployeeId } from '../people/visibility';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { punches, type PunchRow } from './attendance.sql.ts';
import { visibleEmployee, zoneOf } from './employee';
import { punchRecorded } from './events';
import { punchView } from './punch-view';
import { checkRange, dateRange } from './range';
import { pageOf } from '../core/reply';
import { punchSchema } from './replies';
import { punchOutsideEmployment } from './employment';
import { punchTime } from './punch-time';
import { maxShiftMinutesOf, openTooLong } from './shift-limit';

type Ctx = CommandCtx<TenantState, TenantServices>;


const instant = z.iso.datetime({ offset: true, message: 'Must be an ISO 8601 instant with a zone, e.g. 2025-03-01T08:00:00Z.' });

export const recordPunch = tenantMessage.command({
  type: 'attendance.punch',
  access: everyone,
  input: z.strictObject({
    employeeId: idOf('emp').optional(),
    kind: z.enum(['in', 'out']),
    at: instant.optional().describe("Your own punch: the device's time, kept as clientAt (the server stamps the punch; more than 2 minutes off is refused). HR for someone else, or a kiosk: the punch's time"),
    clientEventId: z.string().trim().min(1, 'Must not be empty.').max(100, 'Must be at most 100 characters.').regex(/^[\x21-\x7e]+$/, 'Must be printable ASCII without spaces.'),
    source: z.enum(['web', 'mobile', 'integration', 'kiosk']).describe('`kiosk` only from a kiosk key, whose punches are always `kiosk`'),
  }),
  output: punchSchema.extend({ replayed: z.boolean().describe('True when a retried clientEventId answered with the first punch') }),
  route: {
    method: 'POST',
    path: '/v1/attendance/punches',
    status: 201,
    statusOf: (o: { replayed: boolean }) => (o.replayed ? 200 : 201),
    summary: 'Clock in or out (a retried clientEventId answers 200 with the first punch)',
  },
  handler: async (input, ctx) => {
    const { employee, trusted, kiosk } = punchingFor(ctx, input.employeeId);
    // A retry from a flaky phone is the same punch: answered before any rule, since the
    // first delivery has already changed what the rules would say (now clocked in).
    const [first] = await ctx.db.select().from(punches).where(and(eq(punches.employeeId, employee.id), eq(punches.clientEventId, input.clientEventId)));
    if (first) {
      if (first.kind !== input.kind) throw conflict('client_event_id_reused', 'This clientEventId was already used for a different punch.', 'clientEventId');
      return { ...punchView(first), replayed: true };
    }
    // The source says what recorded the punch: a kiosk is known by its key, not by what a client claims.
    if (input.source === 'kiosk' && !kiosk) throw unprocessable('kiosk_source_not_allowed', 'Only a kiosk API key records kiosk punches.', 'source');
    const time = punchTime({ trusted, kiosk, clientAt: input.at ? new Date(input.at) : undefined, now: ctx.now });
    if ('code' in time) throw unprocessable(time.code, time.message, 'at');
    const { at } = time;
    const zone = zoneOf(ctx.state, employee);
    const [last] = await ctx.db
      .select()
      .from(punches)
      .where(and(eq(punches.employeeId, employee.id), eq(punches.status, 'active')))
      .orderBy(desc(punches.at))
      .limit(limitOne);
    if (input.kind === 'out' && last?.kind !== 'in') throw conflict('not_clocked_in', 'The employee has no open shift to clock out of.', 'kind');
    // A clock-out belongs to the shift it closes: a night shift begun on the last day may end the morning after.
    const workDate = input.kind === 'in' ? localDate(at, zone) : last!.workDate;
    const outside = punchOutsideEmployment(employee, workDate);
    if (outside) throw unprocessable(outside.code, outside.message, input.at && trusted ? 'at' : 'employeeId');
    if (last && at.getTime() <= Date.parse(last.at)) {
      throw conflict('punch_before_last', `A punch must come after the employee's last one (${last.at}); HR can correct the day.`, 'at');
    }
    // A shift longer than the schedule allows is a forgotten clock-out, not work: see shift-limit.ts.
    const limit = maxShiftMinutesOf(ctx.state, employee.id);
    const stale = last?.kind === 'in' && openTooLong(last.at, at, limit);
    if (input.kind === 'in' && last?.kind === 'in' && !stale) throw conflict('already_clocked_in', 'The employee is already clocked in; clock out first.', 'kind');
    if (input.kind === 'out' && stale) {
      throw conflict('shift_too_long', `The open shift began at ${last!.at}, more than ${limit / 60} hours ago; clock in again, and HR corrects that day.`, 'kind');
    }
    const row: PunchRow = {
      id: ctx.ids.next('pun'),
      employeeId: employee.id,
      kind: input.kind,
      at: at.toISOString(),
      timeZone: zone,
      // A clock-out belongs to the shift it closes, so a night shift keeps the date it began.
      workDate,
      source: kiosk ? 'kiosk' : input.source,
      clientEventId: input.clientEventId,
      status: 'active',
      correctionId: null,
      supersededBy: null,
      recordedBy: actorOf(ctx),
      clientAt: time.clientAt,
      createdAt: ctx.now.toISOString(),
    };
    await ctx.db.insert(punches).values(row);
    ctx.audit({ entity: 'attendance_punch', id: row.id, after: punchView(row) });
    ctx.emit(punchRecorded.create(employee.id, { punch: punchView(row) }, audienceOf(ctx.state, employee)));
    return { ...punchView(row), replayed: false };
  },
});

/**
 * Employees punch for themselves, HR staff included; HR, admins and owners (and API keys
 * with those roles) and kiosk keys punch for anyone. `trusted`: the punch may carry its own
 * time (see punch-time.ts), which nobody's own punch may.
 */
function punchingFor(ctx: Ctx, employeeId: string | undefined): { employee: EmployeeRow; trusted: boolean; kiosk: boolean } {
  const p = ctx.principal;
  const self = ownEmployeeId(ctx.state, p);
  const kiosk = p.kind === 'apiKey' && ctx.state.identity.apiKeys.get(p.apiKeyId)?.kiosk === true;
  const mayPunchForOthers = kiosk || ((p.kind === 'user' || p.kind === 'apiKey') && peopleManagers.includes(p.role));
  if (!employeeId) {
    if (!self) throw unprocessable('no_employee_record', 'You are not linked to an employee record; name the employee.', 'employeeId');
    employeeId = self;
  } else if (employeeId !== self && !mayPunchForOthers) throw forbidden('Only HR, admins and kiosks may punch for someone else.');
  const employee = ctx.state.people.employees.get(employeeId);
  if (!employee) throw notFound('The employee');
  return { employee, trusted: mayPunchForOthers && employee.id !== self, kiosk };
}

export const listPunches = tenantMessage.query({
  type: 'attendance.punches.list',
  access: everyone,
  input: z.strictObject({ employeeId: idOf('emp'), ...dateRange, ...pageInput }),
  output: pageOf(punchSchema),
  route: { method: 'GET', path: '/v1/attendance/punches', summary: "An employee's punches by work date, superseded ones included" },
  handler: async ({ employeeId, from, to, limit, cursor }, { state, principal, db }) => {
    checkRange({ from, to });
    visibleEmployee(state, principal, employeeId);
    const rows = await db
      .select()
      .from(punches)
      .where(and(eq(punches.employeeId, employeeId), gte(punches.workDate, from), lte(punches.workDate, to)))
      .orderBy(asc(punches.at));
    const { page, nextCursor } = paginate(rows, { sort: 'at', limit, cursor, keyOf: (p) => p.at });
    return { items: page.map(punchView), nextCursor };
  },
});
