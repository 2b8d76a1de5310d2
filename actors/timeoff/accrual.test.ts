import { describe, expect, test } from 'bun:test';
import { accrualsDue, addMonths, nextMonthStart } from './accrual';

const policy = { yearlyEntitlement: 24, startsOn: '2026-01-01', accrual: 'monthly' as const };
const yearly = { yearlyEntitlement: 24, startsOn: '2024-01-01', accrual: 'yearly' as const };
const accrual = (period: string, effectiveOn: string, amount: number) => ({ kind: 'accrual' as const, period, effectiveOn, amount });
const grant = (period: string, effectiveOn: string, amount: number) => ({ kind: 'grant' as const, period, effectiveOn, amount });

describe('monthly accrual', () => {
  test('each month accrues a twelfth on its first day', () => {
    expect(accrualsDue(policy, { hireDate: '2020-05-01' }, '2026-03-15')).toEqual([
      accrual('2026-01', '2026-01-01', 2),
      accrual('2026-02', '2026-02-01', 2),
      accrual('2026-03', '2026-03-01', 2),
    ]);
  });

  test('the month of hire is prorated by the days left in it, the hire day included', () => {
    // Hired 17 February 2026: 12 of 28 days left, 2 × 12/28 = 0.857…
    expect(accrualsDue(policy, { hireDate: '2026-02-17' }, '2026-03-01')).toEqual([accrual('2026-02', '2026-02-17', 0.86), accrual('2026-03', '2026-03-01', 2)]);
    // Hired on the first: a whole month; on the last day of a 31-day month: 1/31.
    expect(accrualsDue(policy, { hireDate: '2026-03-01' }, '2026-03-01')).toEqual([accrual('2026-03', '2026-03-01', 2)]);
    expect(accrualsDue(policy, { hireDate: '2026-03-31' }, '2026-03-31')).toEqual([accrual('2026-03', '2026-03-31', 0.06)]);
  });

  test('the leaving month is prorated by the days up to the termination date, and nothing accrues after it', () => {
    // Leaving 10 April (30 days): 2 × 10/30 = 0.67; May and later accrue nothing.
    const due = accrualsDue(policy, { hireDate: '2020-01-01', terminationDate: '2026-04-10' }, '2026-12-31');
    expect(due.map((d) => d.period)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    expect(due[3]).toEqual(accrual('2026-04', '2026-04-01', 0.67));
    // Hired and leaving in one month: the days between, both included (11 to 20 June: 10/30).
    expect(accrualsDue(policy, { hireDate: '2026-06-11', terminationDate: '2026-06-20' }, '2026-12-31')).toEqual([accrual('2026-06', '2026-06-11', 0.67)]);
    // Leaving on the last day of a month: that month whole.
    expect(accrualsDue(policy, { hireDate: '2020-01-01', terminationDate: '2026-01-31' }, '2026-12-31')).toEqual([accrual('2026-01', '2026-01-01', 2)]);
  });

  test('nothing accrues before the hire date, the policy start, or after the date asked', () => {
    expect(accrualsDue(policy, { hireDate: '2026-06-01' }, '2026-05-31')).toEqual([]);
    expect(accrualsDue({ ...policy, startsOn: '2026-04-01' }, { hireDate: '2020-01-01' }, '2026-03-31')).toEqual([]);
    expect(accrualsDue(policy, { hireDate: '2020-01-01' }, '2025-12-31')).toEqual([]);
  });

  test('a catch-up over a year boundary yields every month once', () => {
    const due = accrualsDue({ ...policy, yearlyEntitlement: 12, startsOn: '2025-11-01' }, { hireDate: '2019-01-01' }, '2026-02-01');
    expect(due.map((d) => d.period)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('yearly grant', () => {
  test('the whole entitlement on 1 January of each policy year, period YYYY', () => {
    expect(accrualsDue(yearly, { hireDate: '2020-01-01' }, '2026-01-01')).toEqual([
      grant('2024', '2024-01-01', 24),
      grant('2025', '2025-01-01', 24),
      grant('2026', '2026-01-01', 24),
    ]);
    expect(accrualsDue(yearly, { hireDate: '2020-01-01' }, '2025-12-31').map((g) => g.period)).toEqual(['2024', '2025']);
  });

  test('a mid-year hire gets the months left in the year, the hire month whole, on the hire day', () => {
    // Hired 20 October: October to December, 3/12 of 24.
    expect(accrualsDue(yearly, { hireDate: '2025-10-20' }, '2026-01-01')).toEqual([grant('2025', '2025-10-20', 6), grant('2026', '2026-01-01', 24)]);
    // Hired 31 December: one month; hired 1 January: the whole year.
    expect(accrualsDue(yearly, { hireDate: '2025-12-31' }, '2025-12-31')).toEqual([grant('2025', '2025-12-31', 2)]);
    expect(accrualsDue(yearly, { hireDate: '2025-01-01' }, '2025-12-31')).toEqual([grant('2025', '2025-01-01', 24)]);
  });

  test('a policy starting mid-year grants its first year from its start month', () => {
    expect(accrualsDue({ ...yearly, startsOn: '2026-07-01' }, { hireDate: '2020-01-01' }, '2026-12-31')).toEqual([grant('2026', '2026-07-01', 12)]);
  });

  test('a known termination prorates the leaving year to the leaving month, whole, and stops later grants', () => {
    // Leaving 3 March 2026: January to March, 3/12 of 24.
    expect(accrualsDue(yearly, { hireDate: '2020-01-01', terminationDate: '2026-03-03' }, '2027-06-01')).toEqual([
      grant('2024', '2024-01-01', 24),
      grant('2025', '2025-01-01', 24),
      grant('2026', '2026-01-01', 6),
    ]);
    // Hired in April, leaving in September of one year: April to September, 6/12.
    expect(accrualsDue(yearly, { hireDate: '2025-04-15', terminationDate: '2025-09-30' }, '2027-01-01')).toEqual([grant('2025', '2025-04-15', 12)]);
    // Left on 31 December: no grant the next year.
    expect(accrualsDue(yearly, { hireDate: '2020-01-01', terminationDate: '2024-12-31' }, '2026-01-01').map((g) => g.period)).toEqual(['2024']);
  });
});

describe('month arithmetic', () => {
  test('the next run is on the first of the next month', () => {
    expect(nextMonthStart('2026-01-31')).toBe('2026-02-01');
    expect(nextMonthStart('2026-12-01T10:00:00.000Z')).toBe('2027-01-01');
  });

  test('months move across years both ways', () => {
    expect(addMonths('2026-11-01', 3)).toBe('2027-02-01');
    expect(addMonths('2026-01-01', -1)).toBe('2025-12-01');
    expect(addMonths('2026-01-01', 24)).toBe('2028-01-01');
  });
});
