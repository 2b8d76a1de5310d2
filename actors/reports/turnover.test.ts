import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { addDays } from '../organisation/calendar';
import { movementOf } from './turnover';

/** Employment as a list of periods [start, end): employed from the hire day until the termination date. */
const employedIn = (periods: [string, string | null][]) => (date: string) => periods.some(([start, end]) => date >= start && (end === null || date < end));
const datesOf = (periods: [string, string | null][]) => periods.flatMap(([s, e]) => (e ? [s, e] : [s]));

describe('turnover movement', () => {
  test('a hire on the first day of the period is a hire, not part of the opening headcount', () => {
    const m = movementOf(employedIn([['2026-01-01', null]]), ['2026-01-01'], '2026-01-01', '2026-12-31');
    expect(m).toEqual({ atStart: false, atEnd: true, hires: 1, leavers: 0 });
  });

  test('a leaver and a rehire in one period count once each', () => {
    const periods: [string, string | null][] = [['2020-01-01', '2026-03-01'], ['2026-06-01', null]];
    expect(movementOf(employedIn(periods), datesOf(periods), '2026-01-01', '2026-12-31')).toEqual({ atStart: true, atEnd: true, hires: 1, leavers: 1 });
  });

  test('start + hires − leavers = end, for any history and any period (fixed seed)', () => {
    const day = fc.integer({ min: 0, max: 3 * 365 }).map((n) => addDays('2024-01-01', n));
    const history = fc.uniqueArray(day, { maxLength: 8 }).map((dates): [string, string | null][] => {
      // Alternating hire and termination dates make the periods of one employee.
      const sorted = [...dates].sort();
      const out: [string, string | null][] = [];
      for (let i = 0; i < sorted.length; i += 2) out.push([sorted[i]!, sorted[i + 1] ?? null]);
      return out;
    });
    fc.assert(
      fc.property(fc.array(history, { maxLength: 6 }), day, day, (people, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        let start = 0;
        let end = 0;
        let hires = 0;
        let leavers = 0;
        for (const periods of people) {
          const m = movementOf(employedIn(periods), datesOf(periods), from, to);
          start += Number(m.atStart);
          end += Number(m.atEnd);
          hires += m.hires;
          leavers += m.leavers;
        }
        expect(start + hires - leavers).toBe(end);
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });
});
