import { addMonths, round2 } from '../accrual';
import { capExcess, carriedExpiry, carryExpiresOn, type LedgerEntry } from '../carryover';
import type { EmploymentPeriod } from '../../people/periods';
import type { PolicyRow } from '../timeoff.sql.ts';

/**
 * The derived part of an employee's ledger for one leave type: a pure function of the
 * employment periods, the policy governing each month, and the fact rows (usage and
 * adjustments: days taken and HR's decisions). The stored ledger is kept equal to this
 * (reconcile.ts); the balance read and the projection compute it past what is stored.
 *
 * The rules, one each:
 * - A month is governed by the policy that governs its first employed day (the most
 *   specific scope covering the employee as of that day, see scope.ts), so a yearly and a
 *   monthly policy can never both pay for one month. A transfer mid-month moves the next month.
 * - Monthly: a month earns a twelfth of the yearly entitlement on its first employed day,
 *   prorated by the calendar days employed in it (hire and termination days both count).
 * - Yearly: the months of a year that one yearly policy governs are granted together on the
 *   first of them, a twelfth each, the hire and leaving months counting whole. A termination
 *   known later claws the months after it back (a correcting row).
 * - Carry-over: on 1 January (for someone employed across the turn of the year) the balance
 *   above the January policy's cap is removed; carried days unused after its expiry months
 *   are removed then (carryover.ts).
 * - Rehire: the balance of the earlier employment (settled by payroll at termination) is
 *   closed on the day the new period starts, so the new employment begins at zero.
 */
export type DerivedKind = 'accrual' | 'grant' | 'expiry' | 'settlement';
export interface DerivedRow {
  kind: DerivedKind;
  period: string;
  effectiveOn: string;
  amount: number;
  /** What the row is for, in words. */
  reason: string;
}

export type GoverningPolicy = Pick<PolicyRow, 'id' | 'name' | 'accrual' | 'yearlyEntitlement' | 'startsOn' | 'allowNegative' | 'carryOverCap' | 'carryOverExpiresAfterMonths'>;

export interface LedgerFacts {
  periods: readonly EmploymentPeriod[];
  /** The policy governing the employee on a date, if any (already checks the policy's start and end). */
  governing: (date: string) => GoverningPolicy | undefined;
  /** Usage and adjustment rows, any date. */
  facts: readonly LedgerEntry[];
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthEnd = (firstOfMonth: string) => {
  const y = Number(firstOfMonth.slice(0, 4));
  const m = Number(firstOfMonth.slice(5, 7));
  return `${firstOfMonth.slice(0, 8)}${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
};
const max = (a: string, b: string) => (a > b ? a : b);
const min = (a: string, b: string) => (a < b ? a : b);
const dayNumber = (d: string) => Number(d.slice(8, 10));
/** The day after a date. */
export const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

interface Candidate {
  date: string;
  /** Same-day order: a settlement and a cap read the balance before the day's grant. */
  order: number;
  make: (rows: readonly LedgerEntry[]) => DerivedRow | null;
}

/** Every derived row due on or before `upTo`, in date order. */
export function derive(f: LedgerFacts, upTo: string): DerivedRow[] {
  const candidates: Candidate[] = [];
  const horizon = `${upTo.slice(0, 4)}-12-31`;
  f.periods.forEach((p, index) => {
    const last = p.end ? min(p.end, horizon) : horizon;
    // Yearly grants: the months of one policy in one year, granted on the first of them.
    let group: { policy: GoverningPolicy; year: string; on: string; months: number } | null = null;
    const closeGroup = () => {
      if (group && group.on <= upTo) {
        const g = group;
        candidates.push({ date: g.on, order: 1, make: () => ({ kind: 'grant', period: g.year, effectiveOn: g.on, amount: round2((g.policy.yearlyEntitlement * g.months) / 12), reason: `${g.policy.name}: ${g.months} month(s) of ${g.year}` }) });
      }
      group = null;
    };
    for (let month = p.start.slice(0, 7) + '-01'; month <= last; month = addMonths(month, 1)) {
      const firstDay = max(month, p.start);
      const lastDay = min(monthEnd(month), p.end ?? '9999-12-31');
      const policy = f.governing(firstDay);
      if (!policy || policy.accrual !== 'yearly' || (group && (group.policy.id !== policy.id || group.year !== month.slice(0, 4)))) closeGroup();
      if (!policy) continue;
      if (policy.accrual === 'yearly') {
        if (group) group.months++;
        else group = { policy, year: month.slice(0, 4), on: firstDay, months: 1 };
        continue;
      }
      if (firstDay > upTo) continue;
      const days = dayNumber(monthEnd(month));
      const amount = round2(((policy.yearlyEntitlement / 12) * (dayNumber(lastDay) - dayNumber(firstDay) + 1)) / days);
      candidates.push({ date: firstDay, order: 1, make: () => ({ kind: 'accrual', period: month.slice(0, 7), effectiveOn: firstDay, amount, reason: `${policy.name}: ${month.slice(0, 7)}` }) });
    }
    closeGroup();

    if (index > 0 && p.start <= upTo) {
      const before = f.periods[index - 1]!;
      candidates.push({
        date: p.start,
        order: 0,
        make: (rows) => {
          const left = round2(sumBefore(rows, p.start));
          return left === 0 ? null : { kind: 'settlement', period: `settle:${p.start}`, effectiveOn: p.start, amount: -left, reason: `Rehired: the balance of the employment ended ${before.end} was settled at its termination` };
        },
      });
    }

    // Carry-over at each turn of the year inside the period.
    for (let year = Number(p.start.slice(0, 4)) + 1; `${year}-01-01` <= upTo && (!p.end || `${year}-01-01` <= p.end); year++) {
      const jan1 = `${year}-01-01`;
      const policy = f.governing(jan1);
      if (!policy || policy.startsOn >= jan1) continue;
      if (policy.carryOverCap !== null) {
        candidates.push({ date: jan1, order: 0, make: (rows) => expiry(capExcess(policy, rows, year), `carry:${year}`, jan1, `${policy.name}: balance above the carry-over cap of ${policy.carryOverCap} removed at the start of ${year}`) });
      }
      const on = carryExpiresOn(policy, year);
      if (on !== null && on <= upTo && (!p.end || on <= p.end)) {
        candidates.push({ date: on, order: 2, make: (rows) => expiry(carriedExpiry(policy, rows, year), `expire:${year}`, on, `${policy.name}: days carried into ${year} unused after ${policy.carryOverExpiresAfterMonths} months expired`) });
      }
    }
  });
  candidates.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));
  const rows: LedgerEntry[] = [...f.facts];
  const out: DerivedRow[] = [];
  for (const c of candidates) {
    const row = c.make(rows);
    if (!row) continue;
    rows.push(row);
    out.push(row);
  }
  return out;
}

const sumBefore = (rows: readonly LedgerEntry[], date: string) => rows.reduce((s, r) => (r.effectiveOn < date ? s + r.amount : s), 0);

const expiry = (amount: number, period: string, effectiveOn: string, reason: string): DerivedRow | null =>
  amount < 0 ? { kind: 'expiry', period, effectiveOn, amount, reason } : null;

/** The balance on a date: the derived rows and the facts up to it, rounded to hundredths. */
export function balanceOn(derived: readonly LedgerEntry[], facts: readonly LedgerEntry[], date: string): number {
  let s = 0;
  for (const r of derived) if (r.effectiveOn <= date) s += r.amount;
  for (const r of facts) if (r.effectiveOn <= date) s += r.amount;
  return round2(s);
}
