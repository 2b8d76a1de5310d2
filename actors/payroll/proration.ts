import { chronological } from '../compensation/rules';
import { toUnits, fromUnits } from '../compensation/rules';
import type { CompensationRow } from '../compensation/compensation.sql.ts';

/** Calendar days from `from` to `to`, both included. */
export const daysIn = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
const dayAfter = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

export interface PaySegment {
  from: string;
  to: string;
  days: number;
  record: CompensationRow;
}

/**
 * The pay in force over the days an employee was employed within a period, cut where a
 * record takes effect. Days with no record in force are in no segment.
 */
export function segmentsOf(records: readonly CompensationRow[] | undefined, from: string, to: string): PaySegment[] {
  const sorted = [...(records ?? [])].sort(chronological);
  // The last record of each effective date wins (a same-day correction).
  const byDate = new Map<string, CompensationRow>();
  for (const r of sorted) byDate.set(r.effectiveDate, r);
  const starts = [...byDate.values()];
  const out: PaySegment[] = [];
  for (let i = 0; i < starts.length; i++) {
    const r = starts[i]!;
    const next = starts[i + 1];
    const start = r.effectiveDate > from ? r.effectiveDate : from;
    const end = next && dayBefore(next.effectiveDate) < to ? dayBefore(next.effectiveDate) : to;
    if (start > end) continue;
    out.push({ from: start, to: end, days: daysIn(start, end), record: r });
  }
  return out;
}

/**
 * The period's pay prorated by calendar days: each segment's amount × its days ÷ the
 * period's days, summed exactly and rounded once, half up, to the cent. Only where every
 * segment has the same currency and a monthly or yearly frequency (an hourly rate is
 * multiplied by hours by the payroll provider, not by days); otherwise null.
 */
export function proratedPay(segments: readonly PaySegment[], periodDays: number): string | null {
  if (segments.length === 0) return null;
  const { currency, frequency } = segments[0]!.record;
  if (frequency === 'hourly' || segments.some((s) => s.record.currency !== currency || s.record.frequency !== frequency)) return null;
  // Ten-thousandths × days, over the period's days: round half up to hundredths.
  const numerator = segments.reduce((sum, s) => sum + toUnits(s.record.amount) * BigInt(s.days), 0n);
  const denominator = BigInt(periodDays) * 100n; // 10_000 units → cents
  const cents = (numerator * 2n + denominator) / (2n * denominator);
  return fromUnits(cents * 100n);
}

export { dayAfter };
