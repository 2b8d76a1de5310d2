/**
 * Calendar arithmetic on plain dates (`YYYY-MM-DD`) and IANA time zones, with nothing but
 * Intl: the same code runs in Bun and in workerd. Dates are civil dates, not instants, so
 * they are computed in UTC where no day is ever 23 or 25 hours long.
 */
const DAY_MS = 86_400_000;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(zone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(zone, f);
  }
  return f;
}

/** The wall-clock reading of an instant in a zone. */
export function wallClock(instant: Date, zone: string): { date: string; time: string; minutes: number } {
  const p = Object.fromEntries(partsIn(zone).formatToParts(instant).map((x) => [x.type, x.value]));
  const time = `${p.hour}:${p.minute}`;
  return { date: `${p.year}-${p.month}-${p.day}`, time, minutes: Number(p.hour) * 60 + Number(p.minute) };
}

/**
 * The civil date of an instant in a zone: "today" for someone there. Asked for on most
 * commands, so the answer is kept per zone for the minute it was asked in (a zone's date
 * changes only on a whole minute).
 */
const lastDates = new Map<string, { minute: number; date: string }>();
export function localDate(instant: Date, zone: string): string {
  const minute = Math.floor(instant.getTime() / 60_000);
  const last = lastDates.get(zone);
  if (last?.minute === minute) return last.date;
  const date = wallClock(instant, zone).date;
  if (lastDates.size > 1000) lastDates.clear();
  lastDates.set(zone, { minute, date });
  return date;
}

/** How far a zone is ahead of UTC at an instant, in ms. */
function offsetAt(instant: number, zone: string): number {
  const p = Object.fromEntries(partsIn(zone).formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which the clocks of a zone show a date and time. In a spring-forward gap
 * the time does not exist and the instant after the gap is taken; in a fall-back overlap the
 * first of the two readings is.
 */
export function zonedInstant(date: string, time: string, zone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // The zone's offsets a day either side cover any change of offset near this time.
  const before = offsetAt(wall - DAY_MS, zone);
  const after = offsetAt(wall + DAY_MS, zone);
  const valid = [wall - before, wall - after].filter((t) => t + offsetAt(t, zone) === wall).sort((a, b) => a - b);
  // No valid reading: the time fell in a gap; shifted by the gap, it is the instant after it.
  return new Date(valid[0] ?? wall - before);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export interface WorkCalendar {
  weekendDays: readonly number[];
  /** Holiday dates; `half` for a half day off. */
  holidays: ReadonlyMap<string, { name: string; halfDay: boolean }>;
}

export type DayKind = { kind: 'working'; fraction: 1 } | { kind: 'weekend' | 'holiday'; fraction: 0; name?: string } | { kind: 'half_holiday'; fraction: 0.5; name: string };

/** What a date is for someone on this calendar, and how much of it is a working day. */
export function dayKind(date: string, calendar: WorkCalendar): DayKind {
  if (calendar.weekendDays.includes(weekday(date))) return { kind: 'weekend', fraction: 0 };
  const holiday = calendar.holidays.get(date);
  if (holiday) return holiday.halfDay ? { kind: 'half_holiday', fraction: 0.5, name: holiday.name } : { kind: 'holiday', fraction: 0, name: holiday.name };
  return { kind: 'working', fraction: 1 };
}

/** A calendar for people with no location: Monday to Friday, no holidays. */
export const defaultCalendar: WorkCalendar = { weekendDays: [0, 6], holidays: new Map() };
