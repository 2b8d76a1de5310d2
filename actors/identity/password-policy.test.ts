import { describe, expect, test } from 'bun:test';
import { password } from './passwords';
import { passwordProblem } from './password-policy';

describe('password policy', () => {
  test('repeats, keyboard walks, common passwords and a word with digits are refused, with the reason', () => {
    for (const weak of ['aaaaaaaaaa', 'qwertyuiop', 'password123', '1234567890']) {
      expect(passwordProblem(weak)).toStartWith('Too easy to guess:');
    }
    expect(passwordProblem('aaaaaaaaaa')).toContain('Repeated characters');
  });

  test('passphrases and random strings pass', () => {
    for (const strong of ['correct horse battery staple', 'a long and unusual passphrase', 'a8#kP2!vQz']) expect(passwordProblem(strong)).toBeUndefined();
  });

  test('the schema reports the length first, then the strength, as one problem on the field', () => {
    expect(password.safeParse('short').error?.issues.map((i) => i.message)).toEqual(['Must be at least 10 characters.']);
    expect(password.safeParse('aaaaaaaaaa').error?.issues).toHaveLength(1);
    expect(password.safeParse('correct horse battery staple').success).toBe(true);
  });
});
