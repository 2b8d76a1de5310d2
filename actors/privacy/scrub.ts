/**
 * Taking a person's values out of free-form JSON (audit changes, event payloads, webhook
 * bodies, notification and mail text) while the rest of the row stays what it was.
 *
 * - A value of theirs (`names`, `values`) is replaced wherever it occurs inside a string:
 *   names by their pseudonym, so "Ada Lovelace asks for 3 days" reads "Former employee
 *   7F3A2C asks for 3 days"; anything else by `[erased]`.
 * - In a row about them (one that names their employee or user id), every value under a
 *   personal key (`birthDate`, `address`, `iban`, …) is erased whatever it holds, which also
 *   catches earlier values they no longer have (the `before` of an old update).
 * Longer values are replaced first, so a full name goes before the first name inside it.
 */
export const erased = '[erased]';

export interface ScrubRule {
  /** Names (full, first, last, preferred): become the pseudonym. */
  names: readonly string[];
  /** Other values of theirs (emails, phones, an IBAN, an address line). */
  values: readonly string[];
  pseudonym: string;
  /** Keys whose values are erased whole (only applied to rows about the person). */
  keys?: ReadonlySet<string>;
  /**
   * Keys whose values are replaced by a value of the same shape, so that a scrubbed event still
   * fits its declared schema: `firstName` → `Former employee`, `workEmail` → an address that
   * can never receive mail.
   */
  keyValues?: Readonly<Record<string, string>>;
  /** What an earlier erasure wrote (the pseudonym, the erased work email): left as it is. */
  placeholders?: ReadonlySet<string>;
}

/** The shortest value that is replaced inside text: shorter ones would hit other words. */
export const minSecretLength = 3;

export function scrub(value: unknown, rule: ScrubRule): unknown {
  const pairs = replacements(rule);
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (typeof v === 'string' && (v === erased || rule.placeholders?.has(v))) return v;
    if (key !== undefined && v !== null && v !== undefined) {
      const replacement = rule.keyValues?.[key];
      if (replacement !== undefined && typeof v === 'string') return replacement;
      if (rule.keys?.has(key)) return typeof v === 'string' || typeof v === 'object' || typeof v === 'number' ? erased : v;
    }
    if (typeof v === 'string') return replaceIn(v, pairs);
    if (Array.isArray(v)) return v.map((x) => walk(x, undefined));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value, undefined);
}

/** The text with every value of the rule replaced (for plain text columns). */
export function scrubText(text: string, rule: ScrubRule): string {
  return replaceIn(text, replacements(rule));
}

/** Whether the text holds any value of the rule (case-insensitive, as SQLite's LIKE). */
export function mentions(text: string, rule: ScrubRule): boolean {
  const lower = text.toLowerCase();
  return replacements(rule).some(([from]) => lower.includes(from.toLowerCase()));
}

function replacements(rule: ScrubRule): [string, string][] {
  const pairs: [string, string][] = [...rule.names.map((n) => [n, rule.pseudonym] as [string, string]), ...rule.values.map((v) => [v, erased] as [string, string])];
  return pairs.filter(([from]) => from.trim().length >= minSecretLength).sort((a, b) => b[0].length - a[0].length);
}

function replaceIn(text: string, pairs: readonly [string, string][]): string {
  let out = text;
  for (const [from, to] of pairs) {
    if (!out.toLowerCase().includes(from.toLowerCase())) continue;
    out = out.replace(new RegExp(escape(from), 'gi'), to);
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
