import { describe, expect, test } from 'bun:test';
import { defaultRetentionMonths } from './categories';
import { dueCategories, dueOn } from './retention';

describe('retention', () => {
  test('a category falls due its months after the last day, on the same day of the month or the month’s last', () => {
    expect(dueOn('2024-01-15', 6)).toBe('2024-07-15');
    expect(dueOn('2024-08-31', 6)).toBe('2025-02-28');
    expect(dueOn('2023-12-31', 2)).toBe('2024-02-29');
    expect(dueOn('2024-03-01', 0)).toBe('2024-03-01');
  });

  test('the defaults: personal details after 6 months, attendance after 2 years, leave after 3', () => {
    expect(dueCategories('2024-01-15', '2024-07-14', defaultRetentionMonths, new Set())).toEqual([]);
    expect(dueCategories('2024-01-15', '2024-07-15', defaultRetentionMonths, new Set())).toEqual(['personal', 'notifications', 'account']);
    expect(dueCategories('2024-01-15', '2026-01-15', defaultRetentionMonths, new Set(['personal', 'notifications', 'account']))).toEqual(['attendance', 'documents', 'checklists']);
    expect(dueCategories('2024-01-15', '2027-01-15', defaultRetentionMonths, new Set(['personal', 'notifications', 'account', 'attendance', 'documents', 'checklists']))).toEqual(['leave']);
  });

  test('null keeps a category until HR erases it', () => {
    expect(dueCategories('2000-01-01', '2030-01-01', { ...defaultRetentionMonths, personal: null }, new Set())).not.toContain('personal');
  });
});
