import { addDays, weekday, zonedInstant } from '../organisation/calendar';
import type { ScheduleDays, ScheduleHours } from './attendance.sql.ts';

/** ISO weekday of a date: 1 = Monday … 7 = Sunday (the keys of a schedule's `days`). */
export const isoWeekday = (date: string): '1' | '2' | '3' | '4' | '5' | '6' | '7' =>
  String(weekday(date) === 0 ? 7 : weekday(date)) as '1' | '2' | '3' | '4' | '5' | '6' | '7';

export const hoursOn = (days: ScheduleDays, date: string): ScheduleHours | undefined => days[isoWeekday(date)];

/**
 * The instants a scheduled day starts and ends, in the employee's zone. An end at or before
 * the start is on the next day (a night shift); elapsed time is real time, so the night the
 * clocks go forward is an hour shorter.
 */
export function scheduledSpan(date: string, hours: ScheduleHours, zone: string): { start: Date; end: Date; minutes: number } {
  const start = zonedInstant(date, hours.start, zone);
  const end = zonedInstant(hours.end <= hours.start ? addDays(date, 1) : date, hours.end, zone);
  return { start, end, minutes: Math.round((end.getTime() - start.getTime()) / 60_000) };
}
