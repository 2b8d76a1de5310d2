import { describe, expect, test } from 'bun:test';
import { accrualsDue, nextMonthStart } from './accrual';

const policy = { yearlyEntitlement: 24, startsOn: '2026-01-01' };

describe('monthly accrual', () => {
  test('each month accrues a twelfth on its first day', () => {
    expect(accrualsDue(policy, { hireDate: '2020-05-01' }, '2026-03-15')).toEqual([
      { period: '2026-01', effectiveOn: '2026-01-01', amount: 2 },
      { period: '2026-02', effectiveOn: '2026-02-01', amount: 2 },
      { period: '2026-03', effectiveOn: '2026-03-01', amount: 2 },
    ]);
  });

  test('the month of hire is prorated by the days left in it', () => {
    // Hired 17 February 2026: 12 of 28 days left, 2 × 12/28 = 0.857…
    expect(accrualsDue(policy, { hireDate: '2026-02-17' }, '2026-03-01')).toEqual([
      { period: '2026-02', effectiveOn: '2026-02-17', amount: 0.86 },
      { period: '2026-03', effectiveOn: '2026-03-01', amount: 2 },
    ]);
  });

  test('nothing accrues before the hire date, the policy start, or after the date asked', () => {
    expect(accrualsDue(policy, { hireDate: '2026-06-01' }, '2026-05-31')).toEqual([]);
    expect(accrualsDue({ ...policy, startsOn: '2026-04-01' }, { hireDate: '2020-01-01' }, '2026-03-31')).toEqual([]);
    expect(accrualsDue(policy, { hireDate: '2020-01-01' }, '2025-12-31')).toEqual([]);
  });

  test('a catch-up over a year boundary yields every month once', () => {
    const due = accrualsDue({ yearlyEntitlement: 12, startsOn: '2025-11-01' }, { hireDate: '2019-01-01' }, '2026-02-01');
    expect(due.map((d) => d.period)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  test('the next run is on the first of the next month', () => {
    expect(nextMonthStart('2026-01-31')).toBe('2026-02-01');
    expect(nextMonthStart('2026-12-01T10:00:00.000Z')).toBe('2027-01-01');
  });
});
