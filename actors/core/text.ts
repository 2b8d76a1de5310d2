import { z } from 'zod';

/**
 * Text from outside: Unicode-normalised (NFC), trimmed, bounded, and free of characters
 * that have no place in a name or title: controls, lone surrogates, private use,
 * unassigned code points and bidirectional overrides (used to disguise text).
 */
const forbidden = /[\p{Cc}\p{Cs}\p{Co}\p{Cn}\u202A-\u202E\u2066-\u2069]/u;

/**
 * The same rule as JSON Schema patterns that read alike with or without the `u` flag (not
 * every validator sets it) and need no lookahead (generators such as json-schema-faker skip
 * it): controls, private use and bidirectional overrides by range, surrogates only in pairs.
 * Looser than `forbidden` for unassigned code points and the private-use planes 15 and 16,
 * which a range cannot name portably (text.test.ts).
 */
const refused = '\\u0000-\\u001F\\u007F-\\u009F\\uD800-\\uDFFF\\uE000-\\uF8FF\\u202A-\\u202E\\u2066-\\u2069';
const pair = '[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]';
const allowedChar = `(?:[^${refused}]|${pair})`;
export const textPattern = `^${allowedChar}*$`;
/** Where text may not be empty once trimmed: spaces, then a visible character, then anything allowed (`also`: more refused characters, escaped for a class). */
export const visibleTextPattern = (also = '') =>
  `^[^\\S${refused}${also}]*(?:[^\\s${refused}${also}]|${pair})(?:[^${refused}${also}]|${pair})*$`;

export const text = (max: number, min = 1) =>
  z
    .string()
    .normalize('NFC')
    .trim()
    .min(min, min === 1 ? 'Must not be empty.' : `Must be at least ${min} characters.`)
    .max(max, `Must be at most ${max} characters.`)
    .refine((s) => !forbidden.test(s), 'Contains control or invisible characters.')
    // Blank text is empty once trimmed: where that is refused, the pattern asks for a visible character.
    .meta({ pattern: min > 0 ? visibleTextPattern() : textPattern });

export const email = z
  .string()
  .trim()
  .max(254, 'Must be at most 254 characters.')
  // On the input side of the pipe: that is the side a request example is made from.
  .meta({ format: 'email', examples: ['grace.hopper@example.com'] })
  .pipe(z.email('Must be an email address.'))
  .transform((s) => s.toLowerCase());

/** A calendar date, `YYYY-MM-DD`, that exists (no 2025-02-30). */
export const isoDate = z.iso.date('Must be a date as YYYY-MM-DD.');

/** Ids are prefixed ULIDs; anything else cannot name a record, so it is refused early. */
export const idOf = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{26}$`), `Must be an id starting with ${prefix}_.`);
