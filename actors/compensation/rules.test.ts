import { describe, expect, test } from 'bun:test';
import type { CompensationRow } from './compensation.sql.ts';
import { fromUnits, inForce, isCurrency, standingOf, toUnits } from './rules';

const rec = (id: string, effectiveDate: string, amount: string) => ({ id, effectiveDate, amount }) as CompensationRow;

describe('compensation rules', () => {
  test('ISO 4217 codes only', () => {
    expect(['EUR', 'USD', 'JPY', 'CHF'].map(isCurrency)).toEqual([true, true, true, true]);
    expect(['eur', 'EURO', 'XYZ', 'ABC', ''].map(isCurrency)).toEqual([false, false, false, false, false]);
  });

  test('decimal sums are exact where floats are not', () => {
    const sum = ['0.1', '0.2', '1234567890.0001'].map(toUnits).reduce((a, b) => a + b, 0n);
    expect(fromUnits(sum)).toBe('1234567890.3001');
    expect(fromUnits(toUnits('5250'))).toBe('5250.00');
    expect(fromUnits(toUnits('0.5'))).toBe('0.50');
  });

  test('the record in force is the last on or before the day; a same-day correction replaces the earlier', () => {
    const records = [rec('a1', '2024-01-01', '100'), rec('a3', '2025-01-01', '120'), rec('a2', '2024-01-01', '110'), rec('a4', '2030-01-01', '200')];
    expect(inForce(records, '2023-12-31')).toBeUndefined();
    expect(inForce(records, '2024-06-01')?.id).toBe('a2');
    expect(inForce(records, '2025-01-01')?.id).toBe('a3');
    expect(inForce(records, '2030-01-01')?.id).toBe('a4');
    expect(Object.fromEntries(standingOf(records, '2026-01-01'))).toEqual({ a1: 'superseded', a2: 'superseded', a3: 'in_force', a4: 'scheduled' });
  });
});
