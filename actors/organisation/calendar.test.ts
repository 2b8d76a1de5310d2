import { describe, expect, test } from 'bun:test';
import { addDays, datesBetween, dayKind, isTimeZone, localDate, wallClock, weekday, zonedInstant } from './calendar';

describe('calendar arithmetic', () => {
  test('"today" depends on where you are', () => {
    const instant = new Date('2026-03-01T23:30:00Z');
    expect(localDate(instant, 'UTC')).toBe('2026-03-01');
    expect(localDate(instant, 'Asia/Tokyo')).toBe('2026-03-02');
    expect(localDate(instant, 'America/Los_Angeles')).toBe('2026-03-01');
    expect(wallClock(instant, 'Asia/Kolkata')).toEqual({ date: '2026-03-02', time: '05:00', minutes: 300 });
  });

  test('a wall-clock time becomes the right instant on both sides of a DST change', () => {
    expect(zonedInstant('2026-01-15', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(zonedInstant('2026-07-15', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-07-15T07:00:00.000Z');
    // 02:30 does not exist on 29 March 2026 in Berlin (02:00 → 03:00): the instant after the gap.
    expect(zonedInstant('2026-03-29', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 October 2026: the first one (still summer time).
    expect(zonedInstant('2026-10-25', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedInstant('2026-11-01', '00:00', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
  });

  test('dates step over month, year and leap-day boundaries', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30'); // a 23-hour day in Berlin is still one date
    expect(datesBetween('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(weekday('2026-11-25')).toBe(3);
  });

  test('a day is working, weekend, holiday or half holiday by the calendar', () => {
    const calendar = { weekendDays: [5, 6], holidays: new Map([['2026-12-02', { name: 'National Day', halfDay: false }], ['2026-12-31', { name: "New Year's Eve", halfDay: true }]]) };
    expect(dayKind('2026-12-04', calendar)).toEqual({ kind: 'weekend', fraction: 0 }); // a Friday
    expect(dayKind('2026-12-06', calendar)).toEqual({ kind: 'working', fraction: 1 }); // a Sunday
    expect(dayKind('2026-12-02', calendar)).toMatchObject({ kind: 'holiday', fraction: 0 });
    expect(dayKind('2026-12-31', calendar)).toMatchObject({ kind: 'half_holiday', fraction: 0.5 });
  });

  test('time zones are IANA names', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
