/**
 * Date and amount helpers of the time-off arithmetic. The accrual rules themselves (monthly,
 * yearly, proration, carry-over) live in ledger/derive.ts, one function for the ledger, the
 * balance read, the projection and the preview. Amounts are rounded to hundredths.
 */
export const round2 = (n: number) => Math.round(n * 100) / 100;
const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-01` of the month after `date` (a `YYYY-MM-DD` or an ISO instant, read in UTC). */
export function nextMonthStart(date: string): string {
  return addMonths(date.slice(0, 7) + '-01', 1);
}

/** A first of month moved by whole months. */
export function addMonths(firstOfMonth: string, months: number): string {
  const y = Number(firstOfMonth.slice(0, 4));
  const m = Number(firstOfMonth.slice(5, 7)) - 1 + months;
  return `${y + Math.floor(m / 12)}-${pad((((m % 12) + 12) % 12) + 1)}-01`;
}
