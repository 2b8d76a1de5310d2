import { describe, expect, test } from 'bun:test';
import { breakdown, isNonEmpty, overlaps } from './leave-days';

// Mon 2026-05-11 … Sun 2026-05-17; Thursday 14 May is a holiday, Friday 15 May a half holiday.
const calendar = {
  weekendDays: [0, 6],
  holidays: new Map([
    ['2026-05-14', { name: 'Ascension', halfDay: false }],
    ['2026-05-15', { name: 'Bridge day', halfDay: true }],
  ]),
};

describe('request breakdown', () => {
  test('a week across a holiday and a weekend counts only the working days', () => {
    const b = breakdown({ startDate: '2026-05-11', endDate: '2026-05-18' }, calendar, 'days');
    expect(b.days.map((d) => [d.date, d.kind, d.amount])).toEqual([
      ['2026-05-11', 'working', 1],
      ['2026-05-12', 'working', 1],
      ['2026-05-13', 'working', 1],
      ['2026-05-14', 'holiday', 0],
      ['2026-05-15', 'half_holiday', 0.5],
      ['2026-05-16', 'weekend', 0],
      ['2026-05-17', 'weekend', 0],
      ['2026-05-18', 'working', 1],
    ]);
    expect(b.amount).toBe(4.5);
    expect(b.workingDays).toBe(4.5);
  });

  test('starting in the afternoon and ending at noon take half of each end day', () => {
    const b = breakdown({ startDate: '2026-05-11', endDate: '2026-05-13', startHalf: 'afternoon', endHalf: 'morning' }, calendar, 'days');
    expect(b.days.map((d) => [d.amount, d.half])).toEqual([
      [0.5, true],
      [1, false],
      [0.5, true],
    ]);
    expect(b.amount).toBe(2);
  });

  test('a half day on a half holiday costs half a day, on a holiday nothing', () => {
    expect(breakdown({ startDate: '2026-05-15', endDate: '2026-05-15', startHalf: 'afternoon' }, calendar, 'days').amount).toBe(0.5);
    expect(breakdown({ startDate: '2026-05-14', endDate: '2026-05-14', endHalf: 'morning' }, calendar, 'days').amount).toBe(0);
  });

  test('hour-unit types count 8 hours a working day, or the hours asked on one day', () => {
    expect(breakdown({ startDate: '2026-05-13', endDate: '2026-05-15' }, calendar, 'hours').amount).toBe(12);
    expect(breakdown({ startDate: '2026-05-12', endDate: '2026-05-12' }, calendar, 'hours', 3).amount).toBe(3);
    expect(breakdown({ startDate: '2026-05-16', endDate: '2026-05-16' }, calendar, 'hours', 3).amount).toBe(0);
  });
});

describe('overlap by half days', () => {
  const day = (startDate: string, endDate = startDate) => ({ startDate, endDate });
  test('a morning off and an afternoon off on the same day do not overlap', () => {
    expect(overlaps({ ...day('2026-05-11'), endHalf: 'morning' }, { ...day('2026-05-11', '2026-05-12'), startHalf: 'afternoon' })).toBe(false);
  });
  test('shared days overlap, adjacent days do not', () => {
    expect(overlaps(day('2026-05-11', '2026-05-13'), day('2026-05-13', '2026-05-20'))).toBe(true);
    expect(overlaps(day('2026-05-11', '2026-05-12'), day('2026-05-13'))).toBe(false);
    expect(overlaps({ ...day('2026-05-11', '2026-05-13'), endHalf: 'morning' }, day('2026-05-13'))).toBe(true);
  });
  test('one day cannot start in the afternoon and end at noon', () => {
    expect(isNonEmpty({ ...day('2026-05-11'), startHalf: 'afternoon', endHalf: 'morning' })).toBe(false);
    expect(isNonEmpty({ ...day('2026-05-11'), startHalf: 'afternoon' })).toBe(true);
  });

  test('hour-unit leave costs the hours of the schedule on each day, not a fixed 8', () => {
    // A part-timer: Mon 4 h, Wed 6 h, Sat 5 h, nothing else. Thursday's holiday costs 0,
    // Friday's half holiday half of nothing; the Saturday shift counts though the calendar calls it weekend.
    const hoursOf = (date: string) => ({ '2026-05-11': 4, '2026-05-13': 6, '2026-05-16': 5 })[date] ?? 0;
    const b = breakdown({ startDate: '2026-05-11', endDate: '2026-05-17' }, calendar, 'hours', undefined, hoursOf);
    expect(b.days.map((d) => d.amount)).toEqual([4, 0, 6, 0, 0, 5, 0]);
    expect(b.amount).toBe(15);
    // Without a schedule, a working day is 8 hours, as before.
    expect(breakdown({ startDate: '2026-05-11', endDate: '2026-05-12' }, calendar, 'hours').amount).toBe(16);
    // A half day of a scheduled day is half its hours.
    expect(breakdown({ startDate: '2026-05-13', endDate: '2026-05-13', startHalf: 'afternoon' }, calendar, 'hours', undefined, hoursOf).amount).toBe(3);
  });
});
