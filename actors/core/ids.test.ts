import { describe, expect, test } from 'bun:test';
import { decodeTime, isValid } from 'ulidx';
import { ulidIds } from './ids';

describe('ulidIds', () => {
  test('an id is the prefix and a valid ULID of this millisecond, in lower case', () => {
    const before = Date.now();
    const id = ulidIds.next('emp');
    const after = Date.now();
    expect(id).toMatch(/^emp_[0-9a-hjkmnp-tv-z]{26}$/);
    const ulid = id.slice(4).toUpperCase();
    expect(isValid(ulid)).toBe(true);
    expect(decodeTime(ulid)).toBeGreaterThanOrEqual(before);
    expect(decodeTime(ulid)).toBeLessThanOrEqual(after);
  });

  test('ids made in later milliseconds carry the later time, and sort after earlier ones', async () => {
    const first = ulidIds.next('evt');
    await Bun.sleep(2);
    const later = ulidIds.next('evt');
    // The time part is kept for a millisecond: a later id must still carry its own.
    expect(decodeTime(later.slice(4).toUpperCase())).toBeGreaterThan(decodeTime(first.slice(4).toUpperCase()));
    expect(later > first).toBe(true);
  });

  test('the random part is unguessable: never repeated, every character equally likely', () => {
    const n = 50_000;
    const seen = new Set<string>();
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const random = ulidIds.next('x').slice(12);
      seen.add(random);
      for (const c of random) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(seen.size).toBe(n);
    // 32 characters over 800,000 draws: each about 25,000; chi-square with 31 degrees of freedom
    // stays under 70 but for one run in 10,000 (a character never drawn, or drawn twice as
    // often, gives thousands).
    expect(counts.size).toBe(32);
    const expected = (n * 16) / 32;
    let chi = 0;
    for (const count of counts.values()) chi += (count - expected) ** 2 / expected;
    expect(chi).toBeLessThan(70);
  });
});
