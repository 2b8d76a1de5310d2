import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { forbidden, notFound, unprocessable } from '../core/errors';
import type { QueryCtx } from '../core/message';
import { idOf, isoDate, text } from '../core/text';
import { calendarOf } from '../organisation/locations';
import { seesEmployment, viewerOf } from '../people/visibility';
import type { TenantServices, TenantState } from '../tenant/context';
import { requestsInRange } from './balance';
import { checkRequest } from './ledger/projection';
import { breakdown, isNonEmpty, overlaps } from './days';
import { ownEmployeeId } from '../people/visibility';
import { scheduledHoursOf } from '../attendance/schedules';
import { leaveTypes, type LeaveTypeRow } from './timeoff.sql.ts';

/** The fields of a request, shared by the quote and the submission. */
export const draftInput = {
  employeeId: idOf('emp').optional(),
  leaveTypeId: idOf('ltp'),
  startDate: isoDate,
  endDate: isoDate,
  startHalf: z.enum(['afternoon']).optional(),
  endHalf: z.enum(['morning']).optional(),
  hours: z.number().min(0.25).max(24).optional(),
  note: text(500).optional(),
};
const draftSchema = z.strictObject(draftInput);
export type DraftInput = z.output<typeof draftSchema>;

/**
 * Works out a request before it exists: whose it is (employees ask for themselves, HR for
 * anyone), what it costs day by day, what it would leave, and what it collides with.
 * A malformed request is refused here; what is merely unwise (no working time, an overlap,
 * too little balance) is reported in the quote, and the submission (requests.ts) refuses it.
 */
export async function draftRequest(input: DraftInput, ctx: QueryCtx<TenantState, TenantServices>) {
  const viewer = viewerOf(ctx.state, ctx.principal);
  const self = ownEmployeeId(ctx.state, ctx.principal);
  const employeeId = input.employeeId ?? self;
  if (!employeeId) throw unprocessable('no_employee_record', 'You have no employee record; name the employee.', 'employeeId');
  const employee = ctx.state.people.employees.get(employeeId);
  if (!seesEmployment(viewer, employee)) throw notFound('The employee');
  if (!viewer.all && self !== employee.id) throw forbidden('Employees request time off for themselves; HR for anyone.');
  if (employee.status === 'terminated') throw unprocessable('employee_terminated', 'The employee has left.', 'employeeId');

  const [type] = await ctx.db.select().from(leaveTypes).where(eq(leaveTypes.id, input.leaveTypeId));
  if (!type) throw unprocessable('unknown_leave_type', 'The leave type does not exist.', 'leaveTypeId');
  validateShape(input, type);

  const cost = breakdown(input, calendarOf(ctx.state, employee.locationId), type.unit, input.hours, scheduledHoursOf(ctx.state, employee));
  // The balance on each day of the leave, projected: see ledger/projection.ts.
  const check = await checkRequest(ctx, employee, type.id, cost.days);
  const negativeAllowed = check.allowNegative;
  const conflicts = (await requestsInRange(ctx.db, employee.id, input.startDate, input.endDate)).filter((r) => overlaps(input, r)).map((r) => r.id);
  const balance = { asOf: check.lowest.date, ledger: check.today, committedLater: check.committedLater, pending: check.pending, effective: check.lowest.before };
  const remaining = check.lowest.after;
  return {
    employee,
    type,
    quote: {
      employeeId: employee.id,
      leaveTypeId: type.id,
      unit: type.unit,
      startDate: input.startDate,
      endDate: input.endDate,
      startHalf: input.startHalf ?? null,
      endHalf: input.endHalf ?? null,
      days: cost.days,
      workingDays: cost.workingDays,
      amount: cost.amount,
      balance: { ...balance, remaining },
      allowNegative: negativeAllowed,
      sufficient: negativeAllowed || check.shortfall === null,
      shortfall: check.shortfall,
      conflicts,
    },
  };
}

function validateShape(input: DraftInput, type: LeaveTypeRow) {
  if (input.endDate < input.startDate) throw unprocessable('invalid_range', 'The end date is before the start date.', 'endDate');
  if (Date.parse(input.endDate) - Date.parse(input.startDate) > 365 * 86_400_000) throw unprocessable('range_too_long', 'A request spans at most a year.', 'endDate');
  if (!type.halfDaysAllowed && (input.startHalf || input.endHalf)) {
    throw unprocessable('half_days_not_allowed', 'This leave type is taken in whole days.', input.startHalf ? 'startHalf' : 'endHalf');
  }
  if (!isNonEmpty(input)) throw unprocessable('invalid_range', 'A one-day request cannot start in the afternoon and end at noon.', 'endHalf');
  if (input.hours !== undefined) {
    if (type.unit !== 'hours') throw unprocessable('hours_not_allowed', 'This leave type is counted in days.', 'hours');
    if (input.startDate !== input.endDate) throw unprocessable('hours_not_allowed', 'Hours are given for a request within one day.', 'hours');
    if (input.startHalf || input.endHalf) throw unprocessable('hours_not_allowed', 'Give hours or a half day, not both.', 'hours');
  }
}
