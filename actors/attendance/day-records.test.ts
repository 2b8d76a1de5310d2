import { describe, expect, test } from 'bun:test';
import { datesBetween, defaultCalendar } from '../organisation/calendar';
import { dayRecords, totalsOf, type DaysInput } from './day-records';
import { isoWeekday, scheduledSpan } from './schedule-day';

const zone = 'Europe/Berlin';
const weekdays = { start: '09:00', end: '17:00' };
const officeHours = { days: { '1': weekdays, '2': weekdays, '3': weekdays, '4': weekdays, '5': weekdays }, graceMinutes: 5 };
const base: DaysInput = {
  dates: [],
  punches: [],
  schedule: officeHours,
  calendar: defaultCalendar,
  zone,
  leave: new Map(),
  hireDate: '2020-01-01',
  terminationDate: null,
  now: new Date('2025-04-01T00:00:00Z'),
};
const punch = (id: string, kind: 'in' | 'out', at: string, workDate: string) => ({ id, kind, at, workDate });

describe('schedule days', () => {
  test('weekdays are ISO: Monday 1 … Sunday 7', () => {
    expect(isoWeekday('2025-03-10')).toBe('1');
    expect(isoWeekday('2025-03-16')).toBe('7');
  });
  test('a scheduled night shift spans the DST change in real time', () => {
    expect(scheduledSpan('2025-03-29', { start: '22:00', end: '06:00' }, zone).minutes).toBe(420);
    expect(scheduledSpan('2025-10-25', { start: '22:00', end: '06:00' }, zone).minutes).toBe(540);
    expect(scheduledSpan('2025-03-10', weekdays, zone).minutes).toBe(480);
  });
});

describe('day records', () => {
  test('a night shift belongs to the date it began on, with its real length across the clock change', () => {
    const nights = { days: { '6': { start: '22:00', end: '06:00' } }, graceMinutes: 0 };
    const [sat, sun] = dayRecords({
      ...base,
      schedule: nights,
      dates: ['2025-03-29', '2025-03-30'],
      punches: [punch('a', 'in', '2025-03-29T21:00:00Z', '2025-03-29'), punch('b', 'out', '2025-03-30T04:00:00Z', '2025-03-29')],
    });
    expect(sat).toMatchObject({ workedMinutes: 420, late: false, absent: false, scheduled: { minutes: 420 } });
    expect(sun).toMatchObject({ workedMinutes: 0, shifts: [], scheduled: null, absent: false });
  });

  test('late only past the grace minutes, measured from the scheduled start in the local zone', () => {
    // 2025-03-10 is a Monday; Berlin is UTC+1, so 09:00 local is 08:00Z.
    const [onTime] = dayRecords({ ...base, dates: ['2025-03-10'], punches: [punch('a', 'in', '2025-03-10T08:05:00Z', '2025-03-10')] });
    expect(onTime).toMatchObject({ late: false, lateMinutes: 0 });
    const [late] = dayRecords({ ...base, dates: ['2025-03-10'], punches: [punch('a', 'in', '2025-03-10T08:06:00Z', '2025-03-10')] });
    expect(late).toMatchObject({ late: true, lateMinutes: 6 });
  });

  test('absent: a scheduled working day that is over, with no punch and no leave; not on holidays, leave, weekends or before hire', () => {
    const calendar = { weekendDays: [0, 6], holidays: new Map([['2025-03-12', { name: 'Founders Day', halfDay: false }]]) };
    const days = dayRecords({
      ...base,
      calendar,
      dates: datesBetween('2025-03-07', '2025-03-13'),
      leave: new Map([['2025-03-11', 1]]),
      hireDate: '2025-03-08',
      now: new Date('2025-03-13T12:00:00Z'),
    });
    const by = Object.fromEntries(days.map((d) => [d.date, d]));
    expect(by['2025-03-07']!.absent).toBe(false); // before hire
    expect(by['2025-03-08']!.scheduled).toBeNull(); // Saturday
    expect(by['2025-03-10']!.absent).toBe(true);
    expect(by['2025-03-11']).toMatchObject({ absent: false, leaveDays: 1 });
    expect(by['2025-03-12']).toMatchObject({ absent: false, scheduled: null, dayKind: 'holiday', holiday: 'Founders Day' });
    expect(by['2025-03-13']!.absent).toBe(false); // today, not over yet
    expect(totalsOf(days)).toMatchObject({ absences: 1, leaveDays: 1, scheduledDays: 3, lateArrivals: 0 });
  });

  test('without a schedule nothing is expected: no lateness, no absence', () => {
    const [d] = dayRecords({ ...base, schedule: undefined, dates: ['2025-03-10'] });
    expect(d).toMatchObject({ scheduled: null, absent: false, late: false });
  });

  test('totals add worked time; an open shift counts nothing until it is closed', () => {
    const days = dayRecords({
      ...base,
      dates: ['2025-03-10', '2025-03-11'],
      punches: [
        punch('a', 'in', '2025-03-10T08:00:00Z', '2025-03-10'),
        punch('b', 'out', '2025-03-10T16:30:00Z', '2025-03-10'),
        punch('c', 'in', '2025-03-11T08:30:00Z', '2025-03-11'),
      ],
    });
    expect(days[1]).toMatchObject({ open: true, workedMinutes: 0, late: true, lateMinutes: 30 });
    expect(totalsOf(days)).toMatchObject({ workedMinutes: 510, workedHours: 8.5, lateArrivals: 1, absences: 0 });
  });
});

describe('shift limit', () => {
  test("an open shift past the schedule's maximum is flagged missing_clock_out; a closed one longer than it too_long; within it, nothing", () => {
    const days = dayRecords({
      ...base,
      schedule: { ...officeHours, maxShiftMinutes: 600 },
      dates: ['2025-03-10', '2025-03-11', '2025-03-12'],
      punches: [
        punch('a', 'in', '2025-03-10T06:00:00Z', '2025-03-10'),
        punch('b', 'in', '2025-03-11T08:00:00Z', '2025-03-11'),
        punch('c', 'out', '2025-03-11T19:00:00Z', '2025-03-11'),
        punch('d', 'in', '2025-03-12T08:00:00Z', '2025-03-12'),
        punch('e', 'out', '2025-03-12T16:00:00Z', '2025-03-12'),
      ],
    });
    expect(days.map((d) => d.shifts.map((s) => s.flag))).toEqual([['missing_clock_out'], ['too_long'], [null]]);
    expect(days[0]!.workedMinutes).toBe(0);
  });
  test('without a schedule the limit is 16 hours', () => {
    const [day] = dayRecords({ ...base, schedule: undefined, dates: ['2025-03-31'], punches: [punch('a', 'in', '2025-03-31T08:30:00Z', '2025-03-31')] });
    // now is 2025-04-01T00:00Z: 15.5 hours open, not yet flagged.
    expect(day!.shifts[0]!.flag).toBeNull();
  });
});
