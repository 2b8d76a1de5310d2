import type { TenantState } from '../tenant/context';
import type { Shift } from './shifts';

/**
 * The longest shift a schedule allows (16 hours unless the schedule says otherwise). Past
 * it, an open shift is taken as a forgotten clock-out, and it is *flagged*, not closed:
 * closing it would invent a clock-out time nobody punched and put it in a working-time
 * record (and in payroll); a flag keeps what was punched and sends the day to HR, who
 * corrects it with a reason. Meanwhile the employee can clock in again (the stale shift
 * stays without a clock-out and counts no minutes), and a clock-out that would close it
 * is refused, since pairing it would book a shift of 20 or 40 hours.
 */
export const defaultMaxShiftMinutes = 16 * 60;

export function maxShiftMinutesOf(state: TenantState, employeeId: string): number {
  const id = state.attendance.assignments.get(employeeId);
  return (id ? state.attendance.schedules.get(id)?.maxShiftMinutes : undefined) ?? defaultMaxShiftMinutes;
}

/** An open shift that began at `inAt` is past the limit at `at`. */
export const openTooLong = (inAt: string, at: Date, limitMinutes: number): boolean => at.getTime() - Date.parse(inAt) > limitMinutes * 60_000;

export type ShiftFlag = 'missing_clock_out' | 'too_long' | null;

/** Why HR should look at a shift: open past the limit, or closed longer than it (only a correction can write one). */
export function shiftFlag(shift: Shift, limitMinutes: number, now: Date): ShiftFlag {
  if (shift.out === null) return openTooLong(shift.in, now, limitMinutes) ? 'missing_clock_out' : null;
  return (shift.minutes ?? 0) > limitMinutes ? 'too_long' : null;
}
