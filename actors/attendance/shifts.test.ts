import { describe, expect, test } from 'bun:test';
import { sequenceError, shiftsOf, type PunchLike } from './shifts';

const p = (id: string, kind: 'in' | 'out', at: string, workDate = '2025-03-10'): PunchLike => ({ id, kind, at, workDate });

describe('shifts', () => {
  test('pairs each clock-in with the clock-out that follows it; an unclosed one stays open', () => {
    const shifts = shiftsOf([p('c', 'in', '2025-03-10T13:00:00Z'), p('a', 'in', '2025-03-10T08:00:00Z'), p('b', 'out', '2025-03-10T12:00:00Z')]);
    expect(shifts).toEqual([
      { inId: 'a', in: '2025-03-10T08:00:00Z', outId: 'b', out: '2025-03-10T12:00:00Z', minutes: 240 },
      { inId: 'c', in: '2025-03-10T13:00:00Z', outId: null, out: null, minutes: null },
    ]);
  });

  test('a night across the spring-forward change is an hour shorter on the clock than on the wall', () => {
    // Europe/Berlin, 2025-03-30: 22:00 CET (21:00Z) to 06:00 CEST (04:00Z) is 7 hours, not 8.
    const [shift] = shiftsOf([p('a', 'in', '2025-03-29T21:00:00Z', '2025-03-29'), p('b', 'out', '2025-03-30T04:00:00Z', '2025-03-29')]);
    expect(shift!.minutes).toBe(420);
  });
});

describe('sequenceError', () => {
  const day = [p('a', 'in', '2025-03-10T08:00:00Z'), p('b', 'out', '2025-03-10T16:00:00Z')];
  test('a day alternating in, out with nothing around it stands', () => {
    expect(sequenceError(day, undefined, undefined)).toBeNull();
    expect(sequenceError([], undefined, undefined)).toBeNull();
  });
  test('a day that starts with a clock-out, or has two clock-ins in a row, does not', () => {
    expect(sequenceError([day[1]!], undefined, undefined)).toBe('invalid_punch_sequence');
    expect(sequenceError([day[0]!, p('c', 'in', '2025-03-10T09:00:00Z')], undefined, undefined)).toBe('invalid_punch_sequence');
    expect(sequenceError([day[0]!, p('c', 'out', '2025-03-10T08:00:00Z')], undefined, undefined)).toBe('invalid_punch_sequence');
  });
  test('a day may not overlap the shift before or after it, nor stay open when a later shift exists', () => {
    const openBefore = p('x', 'in', '2025-03-09T20:00:00Z', '2025-03-09');
    const nextIn = p('y', 'in', '2025-03-11T08:00:00Z', '2025-03-11');
    expect(sequenceError(day, openBefore, undefined)).toBe('overlaps_other_shift');
    expect(sequenceError(day, p('x', 'out', '2025-03-10T07:00:00Z', '2025-03-09'), nextIn)).toBeNull();
    expect(sequenceError([day[0]!], undefined, nextIn)).toBe('overlaps_other_shift');
    expect(sequenceError(day, undefined, p('y', 'in', '2025-03-10T15:00:00Z', '2025-03-11'))).toBe('overlaps_other_shift');
  });
});
