import type { CompensationRow } from './compensation.sql.ts';

/** Pure rules of pay: which record is in force on a day, exact decimal sums, ISO 4217. */

const currencies = new Set(Intl.supportedValuesOf('currency'));
export const isCurrency = (code: string) => /^[A-Z]{3}$/.test(code) && currencies.has(code);

export const decimalPattern = /^(0|[1-9]\d{0,11})(\.\d{1,4})?$/;
const SCALE = 10_000n;

/** A decimal string as an integer of ten-thousandths: exact, whatever the sum's size. */
export function toUnits(decimal: string): bigint {
  const [whole, frac = ''] = decimal.split('.');
  return BigInt(whole!) * SCALE + BigInt(frac.padEnd(4, '0'));
}

/** Ten-thousandths as a decimal string with at least two places (`1234.50`). */
export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / SCALE;
  let frac = (abs % SCALE).toString().padStart(4, '0').replace(/0+$/, '');
  if (frac.length < 2) frac = frac.padEnd(2, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/**
 * The order records take effect in: by effective date, then by the order recorded, so a
 * correction on the same date replaces what it corrects. Sort a list kept in the order of
 * recording (the sort is stable): ids are random within a millisecond, so two records made in
 * the same one cannot be ordered by id.
 */
export const chronological = (a: CompensationRow, b: CompensationRow) => a.effectiveDate.localeCompare(b.effectiveDate);

/** The record in force on a day: the last to take effect on or before it. */
export function inForce(records: readonly CompensationRow[] | undefined, day: string): CompensationRow | undefined {
  let current: CompensationRow | undefined;
  for (const r of [...(records ?? [])].sort(chronological)) if (r.effectiveDate <= day) current = r;
  return current;
}

/** Each record's standing on a day: in force, superseded (an earlier one), or scheduled (later). */
export function standingOf(records: readonly CompensationRow[], day: string): Map<string, 'in_force' | 'superseded' | 'scheduled'> {
  const current = inForce(records, day);
  return new Map(records.map((r) => [r.id, r === current ? 'in_force' : r.effectiveDate > day ? 'scheduled' : 'superseded']));
}
