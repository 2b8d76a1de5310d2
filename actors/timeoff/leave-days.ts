import { datesBetween, dayKind, type WorkCalendar } from '../organisation/calendar';
import type { DayAmount } from './timeoff.sql.ts';

/**
 * What a request costs, day by day, as pure functions of dates and a working calendar.
 * Weekends and holidays cost nothing, a half holiday half a day; a request may start in the
 * afternoon and/or end at noon, and such a day costs at most half a day (on a half holiday
 * the half taken is the one still worked). Hour-unit types count a working day as
 * `HOURS_PER_DAY` hours, or the hours asked for a request within one day.
 */
export const HOURS_PER_DAY = 8;

export interface Span {
  startDate: string;
  endDate: string;
  startHalf?: 'afternoon' | null | undefined;
  endHalf?: 'morning' | null | undefined;
}

export interface Breakdown {
  days: DayAmount[];
  /** Working days taken (half days count 0.5), whatever the unit. */
  workingDays: number;
  /** In the leave type's unit. */
  amount: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * `scheduledHours`, when the employee works to a schedule, gives its hours on a date (0 on a
 * day off): an hour-unit type then costs those hours, the schedule deciding the working
 * weekdays (a Saturday shift counts) and the calendar only taking away its holidays.
 */
export function breakdown(span: Span, calendar: WorkCalendar, unit: 'days' | 'hours', hours?: number, scheduledHours?: (date: string) => number): Breakdown {
  const all = datesBetween(span.startDate, span.endDate);
  const days = all.map((date, i) => {
    const day = dayKind(date, calendar);
    let fraction: number = day.fraction;
    const half = (i === 0 && span.startHalf === 'afternoon') || (i === all.length - 1 && span.endHalf === 'morning');
    if (half) fraction = Math.min(fraction, 0.5);
    return { date, kind: day.kind, half, fraction };
  });
  const workingDays = round(days.reduce((s, d) => s + d.fraction, 0));
  const perDay = unit === 'hours' ? HOURS_PER_DAY : 1;
  const amountOf = (d: (typeof days)[number]): number => {
    if (hours !== undefined && d.fraction > 0) return hours;
    if (unit === 'hours' && scheduledHours) return (d.kind === 'weekend' ? (d.half ? 0.5 : 1) : d.fraction) * scheduledHours(d.date);
    return d.fraction * perDay;
  };
  const withAmounts = days.map((d) => ({ date: d.date, kind: d.kind, half: d.half, amount: round(amountOf(d)) }));
  return { days: withAmounts, workingDays, amount: round(withAmounts.reduce((s, d) => s + d.amount, 0)) };
}

/**
 * A request as an interval of half-day slots (morning = even, afternoon = odd), so that a
 * morning off and an afternoon off on the same date do not overlap, and everything else that
 * shares a slot does.
 */
function slots(span: Span): [number, number] {
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  return [day(span.startDate) * 2 + (span.startHalf === 'afternoon' ? 1 : 0), day(span.endDate) * 2 + (span.endHalf === 'morning' ? 0 : 1)];
}

export function overlaps(a: Span, b: Span): boolean {
  const [as, ae] = slots(a);
  const [bs, be] = slots(b);
  return as <= be && bs <= ae;
}

/** Whether the span covers at least one half day (a one-day request cannot start in the afternoon and end at noon). */
export const isNonEmpty = (span: Span): boolean => {
  const [s, e] = slots(span);
  return s <= e;
};
