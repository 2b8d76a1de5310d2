import { describe, expect, test } from 'bun:test';
import { needsSickNote } from './sick-note';

describe('a required sick note', () => {
  test('is needed only when the request spans more calendar days than the type allows without one', () => {
    expect(needsSickNote({ startDate: '2027-03-01', endDate: '2027-03-03' }, 3)).toBe(false);
    expect(needsSickNote({ startDate: '2027-03-01', endDate: '2027-03-04' }, 3)).toBe(true);
    // Weekends count: Friday to Monday is four days of absence.
    expect(needsSickNote({ startDate: '2027-03-05', endDate: '2027-03-08' }, 3)).toBe(true);
    expect(needsSickNote({ startDate: '2027-03-01', endDate: '2027-03-30' }, null)).toBe(false);
  });
});
