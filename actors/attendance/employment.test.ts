import { describe, expect, test } from 'bun:test';
import { punchOutsideEmployment } from './employment';

describe('punches within employment', () => {
  const hired = { hireDate: '2026-02-01', status: 'active', terminationDate: null };
  test('none before the hire date, the hire date itself is fine', () => {
    expect(punchOutsideEmployment(hired, '2026-01-31')?.code).toBe('before_hire');
    expect(punchOutsideEmployment(hired, '2026-02-01')).toBeNull();
  });
  test('the last day is still worked; the day after is not', () => {
    const leaver = { hireDate: '2024-01-15', status: 'terminated', terminationDate: '2026-11-15' };
    expect(punchOutsideEmployment(leaver, '2026-11-15')).toBeNull();
    expect(punchOutsideEmployment(leaver, '2026-11-16')).toMatchObject({ code: 'after_last_day', message: expect.stringContaining('2026-11-15') });
  });
  test('a scheduled termination (not yet applied) does not end today', () => {
    expect(punchOutsideEmployment({ hireDate: '2024-01-15', status: 'active', terminationDate: null }, '2026-12-01')).toBeNull();
  });
});
