import { describe, expect, test } from 'bun:test';
import { erased, mentions, scrub, scrubText } from './scrub';

const rule = { names: ['Ada Lovelace', 'Ada', 'Lovelace'], values: ['ada@home.test', 'DE89370400440532013000'], pseudonym: 'Former employee 7F3A2C', keys: new Set(['birthDate', 'address']), keyValues: { firstName: 'Former employee', workEmail: 'erased-7f3a2c@erased.invalid' } };

describe('scrub', () => {
  test('a full name goes before its parts, and every case of it', () => {
    expect(scrubText('ada lovelace asks for 3 days; Ada is away', rule)).toBe('Former employee 7F3A2C asks for 3 days; Former employee 7F3A2C is away');
  });

  test('values inside nested JSON become [erased]; personal keys are erased whatever they hold', () => {
    const before = { after: { firstName: 'Augusta', workEmail: 'ada@work.test', email: 'ada@home.test', birthDate: '1815-12-10', address: { line1: 'Old St 1', city: 'London' }, iban: 'DE89370400440532013000', days: 3 } };
    // A replaced name or work email keeps its shape (an event still fits its schema).
    expect(scrub(before, rule)).toEqual({ after: { firstName: 'Former employee', workEmail: 'erased-7f3a2c@erased.invalid', email: erased, birthDate: erased, address: erased, iban: erased, days: 3 } });
  });

  test('short values are never replaced inside text (they would hit other words)', () => {
    expect(scrubText('Al went to Alabama', { names: ['Al'], values: [], pseudonym: 'X' })).toBe('Al went to Alabama');
  });

  test('mentions finds a value case-insensitively', () => {
    expect(mentions('{"to":"ADA@HOME.TEST"}', rule)).toBe(true);
    expect(mentions('{"to":"bob@home.test"}', rule)).toBe(false);
  });
});
