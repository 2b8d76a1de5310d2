import { describe, expect, test } from 'bun:test';
import type { EmploymentPeriod } from '../../people/periods';
import { addMonths, nextMonthStart } from '../accrual';
import type { LedgerEntry } from '../carryover';
import { derive, type GoverningPolicy } from './derive';

/**
 * The derivation as pure arithmetic: one policy (or a policy per date), employment periods,
 * facts, a date. The worked examples of the former accrual and entitlement runs hold
 * unchanged; the cases after them are what the ledger adds (periods, governing per month).
 */
type Policy = Partial<GoverningPolicy> & Pick<GoverningPolicy, 'yearlyEntitlement' | 'accrual' | 'startsOn'>;
const full = (p: Policy): GoverningPolicy => ({ id: 'pol_1', name: 'Vacation', allowNegative: false, carryOverCap: null, carryOverExpiresAfterMonths: null, ...p });
interface Employment { hireDate: string; terminationDate?: string | null }
const periodsOf = (e: Employment | EmploymentPeriod[]): EmploymentPeriod[] => (Array.isArray(e) ? e : [{ start: e.hireDate, end: e.terminationDate ?? null }]);
/** Every derived row for one policy that governs from its start. */
const run = (p: Policy, e: Employment | EmploymentPeriod[], facts: LedgerEntry[], upTo: string) =>
  derive({ periods: periodsOf(e), governing: (d) => (d >= p.startsOn ? full(p) : undefined), facts }, upTo);
/** Only accruals and grants, in the shape of the former accrualsDue. */
const accrualsDue = (p: Policy, e: Employment, upTo: string) =>
  run(p, e, [], upTo).filter((r) => r.kind === 'accrual' || r.kind === 'grant').map(({ kind, period, effectiveOn, amount }) => ({ kind, period, effectiveOn, amount }));
/** Former entriesDue: the rows of a run (the ledger's facts given), without those already written. */
const entriesDue = (p: Policy, e: Employment, rows: LedgerEntry[], upTo: string) => {
  const facts = rows.filter((r) => r.kind === 'usage' || r.kind === 'adjustment');
  const done = new Set(rows.filter((r) => r.period).map((r) => `${r.kind}:${r.period}`));
  return run(p, e, facts, upTo).filter((r) => !done.has(`${r.kind}:${r.period}`));
};

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

const yearlyCarry: Policy = { name: 'Vacation', yearlyEntitlement: 20, accrual: 'yearly', startsOn: '2025-01-01', carryOverCap: 5, carryOverExpiresAfterMonths: null };
const veteran = { hireDate: '2020-01-01' };
const usage = (effectiveOn: string, amount = -1): LedgerEntry => ({ kind: 'usage', amount, effectiveOn, period: null });
const brief = (rows: readonly LedgerEntry[]) => rows.map((r) => `${r.effectiveOn} ${r.kind} ${r.period} ${r.amount}`);
const balance = (rows: readonly LedgerEntry[]) => Math.round(rows.reduce((s, r) => s + r.amount, 0) * 100) / 100;

describe('carry-over cap', () => {
  test('on 1 January the balance above the cap is removed, before the new grant', () => {
    expect(brief(entriesDue(yearlyCarry, veteran, [], '2026-01-01'))).toEqual(['2025-01-01 grant 2025 20', '2026-01-01 expiry carry:2026 -15', '2026-01-01 grant 2026 20']);
  });

  test('a balance at or under the cap carries whole, and nothing is written', () => {
    const used = Array.from({ length: 15 }, (_, i) => usage(`2025-03-${String(i + 1).padStart(2, '0')}`));
    const due = entriesDue(yearlyCarry, veteran, [{ kind: 'grant', amount: 20, effectiveOn: '2025-01-01', period: '2025' }, ...used], '2026-01-01');
    expect(brief(due)).toEqual(['2026-01-01 grant 2026 20']);
  });

  test('a cap of zero removes every leftover day; no cap removes none', () => {
    expect(brief(entriesDue({ ...yearlyCarry, carryOverCap: 0 }, veteran, [], '2026-01-01'))[1]).toBe('2026-01-01 expiry carry:2026 -20');
    expect(brief(entriesDue({ ...yearlyCarry, carryOverCap: null }, veteran, [], '2026-01-01'))).toEqual(['2025-01-01 grant 2025 20', '2026-01-01 grant 2026 20']);
  });

  test('monthly accrual caps the year-end balance too, and the usage dated in the new year does not count', () => {
    const monthly = { ...yearlyCarry, accrual: 'monthly' as const, yearlyEntitlement: 12, carryOverCap: 2 };
    const due = entriesDue(monthly, veteran, [usage('2026-01-05', -3)], '2026-01-01');
    expect(due.filter((d) => d.kind === 'expiry')).toEqual([
      { kind: 'expiry', period: 'carry:2026', effectiveOn: '2026-01-01', amount: -10, reason: 'Vacation: balance above the carry-over cap of 2 removed at the start of 2026' },
    ]);
  });

  test('people hired in the new year, or gone before it, have nothing carried', () => {
    expect(brief(entriesDue(yearlyCarry, { hireDate: '2026-01-01' }, [], '2026-02-01'))).toEqual(['2026-01-01 grant 2026 20']);
    expect(brief(entriesDue(yearlyCarry, { hireDate: '2020-01-01', terminationDate: '2025-12-31' }, [], '2026-02-01'))).toEqual(['2025-01-01 grant 2025 20']);
  });
});

describe('carried days expire', () => {
  const expiring = { ...yearlyCarry, carryOverExpiresAfterMonths: 3 };

  test('what is left of the carried days is removed on the expiry date', () => {
    expect(brief(entriesDue(expiring, veteran, [], '2026-04-01'))).toEqual([
      '2025-01-01 grant 2025 20',
      '2026-01-01 expiry carry:2026 -15',
      '2026-01-01 grant 2026 20',
      '2026-04-01 expiry expire:2026 -5',
    ]);
    // Not before the date.
    expect(brief(entriesDue(expiring, veteran, [], '2026-03-31')).at(-1)).toBe('2026-01-01 grant 2026 20');
  });

  test('usage counts against carried days first; usage on the expiry day is too late', () => {
    const three = [usage('2026-01-10'), usage('2026-02-10'), usage('2026-03-31'), usage('2026-04-01')];
    expect(brief(entriesDue(expiring, veteran, three, '2026-04-01')).at(-1)).toBe('2026-04-01 expiry expire:2026 -2');
    // Using more than was carried leaves nothing to expire (the rest came from this year's grant).
    const eight = Array.from({ length: 8 }, (_, i) => usage(`2026-02-${String(i + 2).padStart(2, '0')}`));
    expect(entriesDue(expiring, veteran, eight, '2026-12-31').filter((d) => d.period === 'expire:2026')).toEqual([]);
  });

  test('a cancelled day (usage given back) counts as not used', () => {
    const rows = [usage('2026-02-02'), usage('2026-02-03'), usage('2026-02-03', 1)];
    expect(brief(entriesDue(expiring, veteran, rows, '2026-04-01')).at(-1)).toBe('2026-04-01 expiry expire:2026 -4');
  });

  test('with no cap everything left over carries, and expires the same way', () => {
    expect(brief(entriesDue({ ...expiring, carryOverCap: null }, veteran, [usage('2026-01-02', -4)], '2026-04-01')).at(-1)).toBe('2026-04-01 expiry expire:2026 -16');
  });

  test('an expiry never takes the balance below zero by itself', () => {
    // Carried 5, then HR takes 23 days off the balance: 2 days are left on 1 April, 2 expire.
    const adjusted: LedgerEntry = { kind: 'adjustment', amount: -23, effectiveOn: '2026-02-01', period: null };
    expect(brief(entriesDue(expiring, veteran, [adjusted], '2026-04-01')).at(-1)).toBe('2026-04-01 expiry expire:2026 -2');
  });
});

describe('a run over several years', () => {
  const policy: Policy = { ...yearlyCarry, startsOn: '2024-01-01', carryOverExpiresAfterMonths: 3 };

  test('catches up year by year, each cap on that year’s balance, in date order', () => {
    const due = entriesDue(policy, veteran, [], '2026-06-01');
    expect(brief(due)).toEqual([
      '2024-01-01 grant 2024 20',
      '2025-01-01 expiry carry:2025 -15',
      '2025-01-01 grant 2025 20',
      '2025-04-01 expiry expire:2025 -5',
      '2026-01-01 expiry carry:2026 -15',
      '2026-01-01 grant 2026 20',
      '2026-04-01 expiry expire:2026 -5',
    ]);
    expect(balance(due)).toBe(20);
  });

  test('is idempotent, and a run split in two writes what one run writes', () => {
    const once = entriesDue(policy, veteran, [], '2026-06-01');
    expect(entriesDue(policy, veteran, once, '2026-06-01')).toEqual([]);
    const first = entriesDue(policy, veteran, [], '2025-02-15');
    const second = entriesDue(policy, veteran, first, '2026-06-01');
    expect([...first, ...second]).toEqual(once);
  });

  test('a cap already written is read back when the carried days expire', () => {
    const first = entriesDue(policy, veteran, [], '2025-01-01');
    // Usage recorded between the two runs, dated in the carried window.
    const later = entriesDue(policy, veteran, [...first, usage('2025-02-03', -2)], '2025-04-01');
    expect(brief(later)).toEqual(['2025-04-01 expiry expire:2025 -3']);
  });
});

describe('what the ledger adds: periods and one governing policy per month', () => {
  const monthly24 = full({ id: 'pol_m', name: 'Monthly', yearlyEntitlement: 24, accrual: 'monthly', startsOn: '2026-01-01' });
  const yearly24 = full({ id: 'pol_y', name: 'Yearly', yearlyEntitlement: 24, accrual: 'yearly', startsOn: '2026-01-01' });
  /** A policy governs from its start (the caller's governing function checks it, see facts.ts). */
  const from = (p: GoverningPolicy, other?: (d: string) => GoverningPolicy) => (d: string) => (d < p.startsOn ? undefined : (other?.(d) ?? p));
  const sum = (rows: readonly LedgerEntry[], to = '9999-12-31') => Math.round(rows.reduce((s, r) => (r.effectiveOn <= to ? s + r.amount : s), 0) * 100) / 100;

  test('the issue’s figures: termination on 15 November → 21.0; hire on 20 November → 2.73 by 1 December', () => {
    const governing = from(monthly24);
    // 10 whole months × 2, then November 2 × 15/30.
    expect(sum(derive({ periods: [{ start: '2022-01-01', end: '2026-11-15' }], governing, facts: [] }, '2026-12-01'))).toBe(21);
    // November 2 × 11/30 = 0.73, December 2.
    const late = derive({ periods: [{ start: '2026-11-20', end: null }], governing, facts: [] }, '2026-12-01');
    expect(sum(late)).toBe(2.73);
    expect(sum(late, '2026-11-19')).toBe(0);
  });

  test('a yearly grant counts the months to December, and a known termination only the months employed', () => {
    const governing = from(yearly24);
    expect(derive({ periods: [{ start: '2022-01-01', end: null }], governing, facts: [] }, '2026-12-01').map((r) => r.amount)).toEqual([24]);
    // Leaving on 10 November keeps January to November: 22.
    expect(sum(derive({ periods: [{ start: '2022-01-01', end: '2026-11-10' }], governing, facts: [] }, '2026-12-01'))).toBe(22);
  });

  test('a month is paid by the policy governing its first employed day: yearly and monthly never both', () => {
    // Monthly until June, yearly from July: 6 × 2 + the yearly grant of July–December (12) = 24, not 36.
    const governing = from(monthly24, (d) => (d < '2026-07-01' ? monthly24 : yearly24));
    const rows = derive({ periods: [{ start: '2022-01-01', end: null }], governing, facts: [] }, '2026-12-31');
    expect(rows.filter((r) => r.kind === 'accrual').map((r) => r.period)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    expect(rows.filter((r) => r.kind === 'grant')).toEqual([expect.objectContaining({ period: '2026', effectiveOn: '2026-07-01', amount: 12 })]);
    expect(sum(rows)).toBe(24);
  });

  test('a rehire is a new period: the earlier balance is settled on its first day, the new one earns from zero', () => {
    const governing = from(monthly24);
    const periods = [{ start: '2022-01-01', end: '2026-03-10' }, { start: '2026-11-01', end: null }];
    const facts: LedgerEntry[] = [{ kind: 'usage', amount: -1, effectiveOn: '2026-02-02', period: null }];
    const rows = [...derive({ periods, governing, facts }, '2026-12-01'), ...facts];
    // January 2, February 2, March 2 × 10/31 = 0.65, one day taken: 3.65 left at the termination.
    expect(sum(rows, '2026-10-31')).toBe(3.65);
    expect(rows.find((r) => r.kind === 'settlement')).toMatchObject({ effectiveOn: '2026-11-01', amount: -3.65 });
    // November and December of the new employment.
    expect(sum(rows)).toBe(4);
  });

  test('the cap reads the governing policy on 1 January, and the balance the rows before it leave', () => {
    const capped = { ...monthly24, carryOverCap: 5, carryOverExpiresAfterMonths: 3 };
    const rows = derive({ periods: [{ start: '2022-01-01', end: null }], governing: from(capped), facts: [] }, '2027-04-01');
    // 24 at the end of 2026, 5 carried (19 removed); 2 a month in 2027; the 5 carried expire on 1 April unused.
    expect(rows.filter((r) => r.kind === 'expiry').map((r) => `${r.period} ${r.amount}`)).toEqual(['carry:2027 -19', 'expire:2027 -5']);
    expect(sum(rows)).toBe(8);
  });
});
