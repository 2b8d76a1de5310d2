import { describe, expect, test } from 'bun:test';
import type { LedgerEntry } from './carryover';
import { entriesDue, type EntitlementPolicy } from './entitlement';

const yearly: EntitlementPolicy = { name: 'Vacation', yearlyEntitlement: 20, accrual: 'yearly', startsOn: '2025-01-01', carryOverCap: 5, carryOverExpiresAfterMonths: null };
const veteran = { hireDate: '2020-01-01' };
const usage = (effectiveOn: string, amount = -1): LedgerEntry => ({ kind: 'usage', amount, effectiveOn, period: null });
const brief = (rows: readonly LedgerEntry[]) => rows.map((r) => `${r.effectiveOn} ${r.kind} ${r.period} ${r.amount}`);
const balance = (rows: readonly LedgerEntry[]) => Math.round(rows.reduce((s, r) => s + r.amount, 0) * 100) / 100;

describe('carry-over cap', () => {
  test('on 1 January the balance above the cap is removed, before the new grant', () => {
    expect(brief(entriesDue(yearly, veteran, [], '2026-01-01'))).toEqual(['2025-01-01 grant 2025 20', '2026-01-01 expiry carry:2026 -15', '2026-01-01 grant 2026 20']);
  });

  test('a balance at or under the cap carries whole, and nothing is written', () => {
    const used = Array.from({ length: 15 }, (_, i) => usage(`2025-03-${String(i + 1).padStart(2, '0')}`));
    const due = entriesDue(yearly, veteran, [{ kind: 'grant', amount: 20, effectiveOn: '2025-01-01', period: '2025' }, ...used], '2026-01-01');
    expect(brief(due)).toEqual(['2026-01-01 grant 2026 20']);
  });

  test('a cap of zero removes every leftover day; no cap removes none', () => {
    expect(brief(entriesDue({ ...yearly, carryOverCap: 0 }, veteran, [], '2026-01-01'))[1]).toBe('2026-01-01 expiry carry:2026 -20');
    expect(brief(entriesDue({ ...yearly, carryOverCap: null }, veteran, [], '2026-01-01'))).toEqual(['2025-01-01 grant 2025 20', '2026-01-01 grant 2026 20']);
  });

  test('monthly accrual caps the year-end balance too, and the usage dated in the new year does not count', () => {
    const monthly = { ...yearly, accrual: 'monthly' as const, yearlyEntitlement: 12, carryOverCap: 2 };
    const due = entriesDue(monthly, veteran, [usage('2026-01-05', -3)], '2026-01-01');
    expect(due.filter((d) => d.kind === 'expiry')).toEqual([
      { kind: 'expiry', period: 'carry:2026', effectiveOn: '2026-01-01', amount: -10, reason: 'Vacation: balance above the carry-over cap of 2 days removed at the start of 2026' },
    ]);
  });

  test('people hired in the new year, or gone before it, have nothing carried', () => {
    expect(brief(entriesDue(yearly, { hireDate: '2026-01-01' }, [], '2026-02-01'))).toEqual(['2026-01-01 grant 2026 20']);
    expect(brief(entriesDue(yearly, { hireDate: '2020-01-01', terminationDate: '2025-12-31' }, [], '2026-02-01'))).toEqual(['2025-01-01 grant 2025 20']);
  });
});

describe('carried days expire', () => {
  const expiring = { ...yearly, carryOverExpiresAfterMonths: 3 };

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
  const policy: EntitlementPolicy = { ...yearly, startsOn: '2024-01-01', carryOverExpiresAfterMonths: 3 };

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
