import { describe, expect, test } from 'bun:test';
import { z } from 'zod';
import { text, textPattern, visibleTextPattern } from './text';

/**
 * The API document gives `text()`'s rule as `textPattern`. It must never refuse what the
 * server takes, read with or without the `u` flag, and may only be looser where a portable
 * range cannot follow the rule: unassigned code points and the private-use planes 15 and 16.
 */
describe('textPattern', () => {
  const withU = new RegExp(visibleTextPattern(), 'u');
  const without = new RegExp(visibleTextPattern());
  const server = text(10);
  const unassigned = /\p{Cn}/u;

  test('agrees with the server on every code point, but for the ones no range can name', () => {
    const stricter: string[] = [];
    const looser: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp += cp < 0x30000 ? 1 : 97) {
      const ch = String.fromCodePoint(cp);
      const s = `a${ch}b`;
      const accepted = server.safeParse(s).success;
      for (const pattern of [withU, without]) {
        if (accepted && !pattern.test(s)) stricter.push(cp.toString(16));
        if (!accepted && pattern.test(s) && !unassigned.test(ch) && cp < 0xf0000) looser.push(cp.toString(16));
      }
    }
    expect(stricter).toEqual([]);
    expect(looser).toEqual([]);
  });

  test('where text may not be empty, blank text is refused as the server refuses it once trimmed', () => {
    const pattern = new RegExp((z.toJSONSchema(text(10)) as { pattern: string }).pattern);
    for (const s of ['  ', '\t\n', '']) expect([pattern.test(s), text(10).safeParse(s).success]).toEqual([false, false]);
    for (const s of [' Ada ', 'Ada']) expect([pattern.test(s), text(10).safeParse(s).success]).toEqual([true, true]);
  });

  test('a lone surrogate and a bidirectional override are refused; emoji pass', () => {
    for (const pattern of [withU, without, new RegExp(textPattern), new RegExp(textPattern, 'u')]) {
      expect(pattern.test('a\uD800b')).toBe(false);
      expect(pattern.test('a\u202Eb')).toBe(false);
      expect(pattern.test('Ada 👩‍💻')).toBe(true);
    }
  });
});
