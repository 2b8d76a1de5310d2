import { describe, expect, test } from 'bun:test';
import { expiryReminders } from './expiry';

describe('document expiry reminders', () => {
  test('30 and 7 days before, at 09:00 in the company time zone', () => {
    const at = expiryReminders('2027-03-31', [7, 30], 'Europe/Berlin', new Date('2027-01-01T00:00:00Z'));
    // 1 March is winter time (UTC+1); 24 March too (summer time starts on the 28th).
    expect(at.map((r) => [r.days, r.at.toISOString()])).toEqual([
      [30, '2027-03-01T08:00:00.000Z'],
      [7, '2027-03-24T08:00:00.000Z'],
    ]);
  });

  test('a lead already past is skipped, the ones ahead remain', () => {
    const at = expiryReminders('2027-03-31', [30, 7], 'UTC', new Date('2027-03-10T00:00:00Z'));
    expect(at.map((r) => r.days)).toEqual([7]);
    expect(expiryReminders('2027-03-31', [30, 7], 'UTC', new Date('2027-03-30T00:00:00Z'))).toEqual([]);
  });
});
