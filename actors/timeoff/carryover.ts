import { addMonths, round2 } from './accrual';

/**
 * Carry-over at the turn of a policy year, as pure functions of an employee's ledger rows
 * for the leave type. Both write `expiry` rows with a period key (`carry:YYYY`,
 * `expire:YYYY`), so the ledger's unique index makes each happen once per employee.
 *
 * - cap: on 1 January of year Y, the balance at the end of Y-1 above `carryOverCap` is
 *   removed (dated 1 January).
 * - expiry: the days carried into Y (the end-of-year balance after the cap, if positive)
 *   that were not used by `carryOverExpiresAfterMonths` months into Y are removed on that
 *   date. Usage in Y counts against carried days first, so only days neither used nor
 *   covered by usage expire; never more than the balance left that day, so an expiry never
 *   takes a balance below zero by itself.
 */
export interface LedgerEntry {
  kind: 'grant' | 'accrual' | 'usage' | 'adjustment' | 'expiry' | 'settlement';
  amount: number;
  effectiveOn: string;
  period: string | null;
}

export interface CarryPolicy {
  carryOverCap: number | null;
  carryOverExpiresAfterMonths: number | null;
}

const sumBefore = (rows: readonly LedgerEntry[], date: string) => round2(rows.reduce((s, r) => (r.effectiveOn < date ? s + r.amount : s), 0));

/** The day carried days of year Y expire, or null when they never do. */
export const carryExpiresOn = (policy: CarryPolicy, year: number): string | null =>
  policy.carryOverExpiresAfterMonths === null ? null : addMonths(`${year}-01-01`, policy.carryOverExpiresAfterMonths);

/** The amount (negative) the cap removes on 1 January of `year`, or 0. */
export function capExcess(policy: CarryPolicy, rows: readonly LedgerEntry[], year: number): number {
  if (policy.carryOverCap === null) return 0;
  const excess = sumBefore(rows, `${year}-01-01`) - policy.carryOverCap;
  return excess > 0 ? -round2(excess) : 0;
}

/** The amount (negative) of carried days that expire in `year`, or 0. */
export function carriedExpiry(policy: CarryPolicy, rows: readonly LedgerEntry[], year: number): number {
  const on = carryExpiresOn(policy, year);
  if (on === null) return 0;
  const jan1 = `${year}-01-01`;
  const capped = rows.find((r) => r.kind === 'expiry' && r.period === `carry:${year}`)?.amount ?? 0;
  const carried = Math.max(0, sumBefore(rows, jan1) + capped);
  // Usage rows are negative (a cancellation adds them back), so this is the net days taken.
  const used = -rows.reduce((s, r) => (r.kind === 'usage' && r.effectiveOn >= jan1 && r.effectiveOn < on ? s + r.amount : s), 0);
  const left = Math.min(carried - Math.max(0, used), sumBefore(rows, on));
  return left > 0 ? -round2(left) : 0;
}
