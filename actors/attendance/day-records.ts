import { dayKind, type WorkCalendar } from '../organisation/calendar';
import type { ScheduleDays } from './attendance.sql.ts';
import { hoursOn, scheduledSpan } from './schedule-day';
import { defaultMaxShiftMinutes, shiftFlag, type ShiftFlag } from './shift-limit';
import { shiftsOf, type PunchLike, type Shift } from './shifts';

/** Everything a day's record is computed from; pure, so every rule is unit-tested. */
export interface DaysInput {
  dates: readonly string[];
  /** The employee's active punches on these work dates. */
  punches: readonly PunchLike[];
  schedule: { days: ScheduleDays; graceMinutes: number; maxShiftMinutes?: number } | undefined;
  calendar: WorkCalendar;
  /** The employee's zone today (their location's, else the company's). */
  zone: string;
  /** Days of leave taken, by date (from the time-off ledger's usage rows). */
  leave: ReadonlyMap<string, number>;
  /** The employee is expected at work only while employed. */
  hireDate: string;
  terminationDate: string | null;
  now: Date;
}

export interface DayRecord {
  date: string;
  /** `flag`: a shift HR should correct (open past the schedule's longest shift, or longer than it). */
  shifts: (Shift & { flag: ShiftFlag })[];
  workedMinutes: number;
  /** A shift on this day has no clock-out yet. */
  open: boolean;
  /** The schedule's hours when this is a scheduled working day, else null. */
  scheduled: { start: string; end: string; minutes: number } | null;
  /** From the location's calendar: working, weekend, holiday, half_holiday. */
  dayKind: string;
  holiday: string | null;
  late: boolean;
  /** Minutes after the scheduled start of the first clock-in (0 when on time or unscheduled). */
  lateMinutes: number;
  absent: boolean;
  leaveDays: number;
}

export function dayRecords(input: DaysInput): DayRecord[] {
  const byDate = new Map<string, PunchLike[]>();
  for (const p of input.punches) (byDate.get(p.workDate) ?? byDate.set(p.workDate, []).get(p.workDate)!).push(p);
  return input.dates.map((date) => dayRecord(input, date, byDate.get(date) ?? []));
}

function dayRecord(input: DaysInput, date: string, punches: PunchLike[]): DayRecord {
  const limit = input.schedule?.maxShiftMinutes ?? defaultMaxShiftMinutes;
  const shifts = shiftsOf(punches).map((s) => ({ ...s, flag: shiftFlag(s, limit, input.now) }));
  const kind = dayKind(date, input.calendar);
  const employed = date >= input.hireDate && (!input.terminationDate || date <= input.terminationDate);
  // The schedule decides the working weekdays (someone may work Saturdays); the location's
  // calendar only takes away its holidays. A half holiday is still a (shorter) working day.
  const hours = input.schedule && employed && kind.kind !== 'holiday' ? hoursOn(input.schedule.days, date) : undefined;
  const span = hours ? scheduledSpan(date, hours, input.zone) : undefined;
  const leaveDays = input.leave.get(date) ?? 0;
  const firstIn = shifts[0]?.in;
  const lateMinutes = span && firstIn ? Math.max(0, Math.floor((Date.parse(firstIn) - span.start.getTime()) / 60_000)) : 0;
  const late = !!span && lateMinutes > input.schedule!.graceMinutes;
  // A day is missed only once it is over: its scheduled end has passed with no punch and no leave.
  const absent = !!span && shifts.length === 0 && leaveDays === 0 && input.now.getTime() >= span.end.getTime();
  return {
    date,
    shifts,
    workedMinutes: shifts.reduce((sum, s) => sum + (s.minutes ?? 0), 0),
    open: shifts.some((s) => s.out === null),
    scheduled: span && hours ? { start: hours.start, end: hours.end, minutes: Math.round(span.minutes * (kind.kind === 'half_holiday' ? 0.5 : 1)) } : null,
    dayKind: kind.kind,
    holiday: 'name' in kind && kind.name ? kind.name : null,
    late,
    lateMinutes: late ? lateMinutes : 0,
    absent,
    leaveDays,
  };
}

export interface Totals {
  workedMinutes: number;
  workedHours: number;
  scheduledMinutes: number;
  scheduledDays: number;
  lateArrivals: number;
  absences: number;
  leaveDays: number;
}

export function totalsOf(days: readonly DayRecord[]): Totals {
  const workedMinutes = days.reduce((s, d) => s + d.workedMinutes, 0);
  return {
    workedMinutes,
    workedHours: Math.round((workedMinutes / 60) * 100) / 100,
    scheduledMinutes: days.reduce((s, d) => s + (d.scheduled?.minutes ?? 0), 0),
    scheduledDays: days.filter((d) => d.scheduled).length,
    lateArrivals: days.filter((d) => d.late).length,
    absences: days.filter((d) => d.absent).length,
    leaveDays: Math.round(days.reduce((s, d) => s + d.leaveDays, 0) * 100) / 100,
  };
}
