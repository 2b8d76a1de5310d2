import { describe, expect, test } from 'bun:test';
import type { CompensationRow } from '../compensation/compensation.sql.ts';
import { daysIn, proratedPay, segmentsOf } from './proration';

const rec = (id: string, effectiveDate: string, amount: string, o: Partial<CompensationRow> = {}) => ({ id, effectiveDate, amount, currency: 'EUR', frequency: 'monthly', ...o }) as CompensationRow;

describe('payroll proration', () => {
  test('a raise mid-month splits the month by calendar days', () => {
    const segments = segmentsOf([rec('a', '2024-01-01', '3000'), rec('b', '2024-06-16', '3100')], '2024-06-01', '2024-06-30');
    expect(segments.map((s) => [s.from, s.to, s.days, s.record.amount])).toEqual([
      ['2024-06-01', '2024-06-15', 15, '3000'],
      ['2024-06-16', '2024-06-30', 15, '3100'],
    ]);
    expect(proratedPay(segments, daysIn('2024-06-01', '2024-06-30'))).toBe('3050.00');
  });

  test('a hire mid-month pays from the hire; rounding happens once, half up', () => {
    const segments = segmentsOf([rec('a', '2024-02-10', '1000')], '2024-02-01', '2024-02-29');
    expect(segments.map((s) => s.days)).toEqual([20]);
    expect(proratedPay(segments, 29)).toBe('689.66'); // 1000 × 20 / 29 = 689.655…
  });

  test('a same-day correction replaces; mixed currencies or hourly rates are not prorated', () => {
    expect(segmentsOf([rec('a', '2024-01-01', '10'), rec('b', '2024-01-01', '20')], '2024-01-01', '2024-01-31').map((s) => s.record.amount)).toEqual(['20']);
    expect(proratedPay(segmentsOf([rec('a', '2024-01-01', '10'), rec('b', '2024-01-20', '20', { currency: 'USD' })], '2024-01-01', '2024-01-31'), 31)).toBeNull();
    expect(proratedPay(segmentsOf([rec('a', '2024-01-01', '25', { frequency: 'hourly' })], '2024-01-01', '2024-01-31'), 31)).toBeNull();
    expect(segmentsOf([rec('a', '2024-03-01', '10')], '2024-01-01', '2024-01-31')).toEqual([]);
  });
});
