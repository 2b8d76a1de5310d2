import { accrualsDue, type AccrualPolicy, type Employment } from './accrual';
import { capExcess, carriedExpiry, carryExpiresOn, type CarryPolicy, type LedgerEntry } from './carryover';

/**
 * Everything a policy owes one employee up to a date that the ledger does not hold yet:
 * accruals or grants, carry-over caps and expiries, in date order. Pure: the run writes
 * exactly these rows and the preview shows them, so the two cannot disagree. Each row is
 * computed over the ledger as it stands plus the rows before it, so a catch-up over
 * several years caps each year's carry-over on that year's balance.
 */
export interface EntitlementPolicy extends AccrualPolicy, CarryPolicy {
  name: string;
}

export interface DueEntry extends LedgerEntry {
  kind: 'accrual' | 'grant' | 'expiry';
  period: string;
  reason: string;
}

interface Candidate {
  date: string;
  /** Same-day order: the cap reads the old year's balance, so it goes before a 1 January grant. */
  order: number;
  make: (rows: readonly LedgerEntry[]) => DueEntry | null;
}

const employedOn = (e: Employment, date: string) => e.hireDate <= date && (!e.terminationDate || e.terminationDate >= date);

export function entriesDue(policy: EntitlementPolicy, employee: Employment, ledger: readonly LedgerEntry[], upTo: string): DueEntry[] {
  const candidates: Candidate[] = accrualsDue(policy, employee, upTo).map((a) => ({
    date: a.effectiveOn,
    order: 1,
    make: () => ({ ...a, reason: policy.name }),
  }));
  // Carry-over applies from the second policy year, to people employed across its turn.
  for (let year = Number(policy.startsOn.slice(0, 4)) + 1; `${year}-01-01` <= upTo; year++) {
    const jan1 = `${year}-01-01`;
    if (jan1 <= policy.startsOn || employee.hireDate >= jan1 || !employedOn(employee, jan1)) continue;
    if (policy.carryOverCap !== null) {
      candidates.push({
        date: jan1,
        order: 0,
        make: (rows) => expiry(capExcess(policy, rows, year), `carry:${year}`, jan1, `${policy.name}: balance above the carry-over cap of ${policy.carryOverCap} days removed at the start of ${year}`),
      });
    }
    const on = carryExpiresOn(policy, year);
    if (on !== null && on <= upTo && employedOn(employee, on)) {
      candidates.push({
        date: on,
        order: 2,
        make: (rows) => expiry(carriedExpiry(policy, rows, year), `expire:${year}`, on, `${policy.name}: days carried into ${year} unused after ${policy.carryOverExpiresAfterMonths} months expired`),
      });
    }
  }
  candidates.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));

  const done = new Set(ledger.map((r) => `${r.kind}:${r.period}`));
  const rows: LedgerEntry[] = [...ledger];
  const out: DueEntry[] = [];
  for (const c of candidates) {
    const entry = c.make(rows);
    if (!entry || done.has(`${entry.kind}:${entry.period}`)) continue;
    rows.push(entry);
    out.push(entry);
  }
  return out;
}

/** Nothing to remove writes nothing (and is asked again next run, in case the ledger changed). */
const expiry = (amount: number, period: string, effectiveOn: string, reason: string): DueEntry | null =>
  amount < 0 ? { kind: 'expiry', period, effectiveOn, amount, reason } : null;
