import { and, eq, inArray } from 'drizzle-orm';
import type { QueryCtx } from '../../core/message';
import type { EmployeeRow } from '../../people/people.sql.ts';
import type { TenantServices, TenantState } from '../../tenant/context';
import { tenantToday } from '../../tenant/today';
import { round2 } from '../accrual';
import type { LedgerEntry } from '../carryover';
import { requests, type DayAmount } from '../timeoff.sql.ts';
import { derive } from './derive';
import { factsOf, loadFacts } from './facts';

/**
 * Balances as of a date, past or future, from the derivation: the ledger's facts (usage,
 * adjustments) plus the rows the policies owe by that date. Up to today this is the stored
 * ledger plus any row a late timer has not written yet (so a missed timer delays nothing a
 * read shows); after today it is a projection: future accruals, the carry-over cap and
 * expiries that fall before the date, and pending requests, as the facts stand now.
 */
type Ctx = QueryCtx<TenantState, TenantServices>;

const usageOf = (days: readonly DayAmount[]): LedgerEntry[] => days.filter((d) => d.amount > 0).map((d) => ({ kind: 'usage', amount: -d.amount, effectiveOn: d.date, period: null }));

export interface Projection {
  leaveTypeId: string;
  balance: number;
  projected: boolean;
}

/** Every leave type the employee has a policy or a row for, as of `date`. */
export async function balancesAsOf(ctx: Ctx, employee: EmployeeRow, date: string): Promise<Projection[]> {
  const today = tenantToday(ctx.state, ctx.now);
  const projected = date > today;
  const loaded = await loadFacts(ctx.db, [employee.id]);
  const pending = projected ? await pendingRequests(ctx, employee.id) : [];
  const types = new Set([...loaded.policiesByType.keys(), ...[...loaded.stored.keys()].map((k) => k.split('|')[1]!)]);
  const out: Projection[] = [];
  for (const leaveTypeId of [...types].sort()) {
    const f = factsOf(ctx.state, loaded, employee, leaveTypeId);
    const facts = [...f.facts, ...pending.filter((r) => r.leaveTypeId === leaveTypeId).flatMap((r) => usageOf(r.days))];
    const derived = derive({ ...f, facts }, date > today ? date : today);
    const rows = [...derived, ...facts].filter((r) => r.effectiveOn <= date);
    if (rows.length === 0 && !f.stored.some((r) => r.effectiveOn <= date)) continue;
    out.push({ leaveTypeId, balance: round2(rows.reduce((s, r) => s + r.amount, 0)), projected });
  }
  return out;
}

async function pendingRequests(ctx: Ctx, employeeId: string, except?: string) {
  const rows = await ctx.db.select().from(requests).where(and(eq(requests.employeeId, employeeId), inArray(requests.status, ['pending'])));
  return rows.filter((r) => r.id !== except);
}

export interface RequestCheck {
  /** The balance today, from the ledger. */
  today: number;
  /** Pending requests of the type, other than this one. */
  pending: number;
  /** Approved usage after the request's last day. */
  committedLater: number;
  /** The day checked with the lowest balance once the request is counted (the first, on a tie). */
  lowest: { date: string; before: number; after: number };
  /** The day the balance would be lowest, when that is below zero, and by how much. */
  shortfall: { date: string; amount: number } | null;
  allowNegative: boolean;
}

/**
 * The check of a request: the projected balance on each of its days (and on the days of the
 * employee's other pending and approved requests after its start, which it must not starve),
 * with its own days and the other pending requests counted as taken. Negative balances are
 * allowed only when the policy governing this employee on the first day allows them.
 */
export async function checkRequest(ctx: Ctx, employee: EmployeeRow, leaveTypeId: string, days: readonly DayAmount[], except?: string): Promise<RequestCheck> {
  const today = tenantToday(ctx.state, ctx.now);
  const loaded = await loadFacts(ctx.db, [employee.id], leaveTypeId);
  const f = factsOf(ctx.state, loaded, employee, leaveTypeId);
  const others = (await ctx.db.select().from(requests).where(and(eq(requests.employeeId, employee.id), eq(requests.leaveTypeId, leaveTypeId), inArray(requests.status, ['pending', 'approved'])))).filter((r) => r.id !== except);
  const pending = others.filter((r) => r.status === 'pending');
  const mine = usageOf(days);
  const start = days[0]?.date ?? today;
  const end = days.at(-1)?.date ?? today;
  const checked = new Set(mine.map((d) => d.effectiveOn));
  for (const r of others) for (const d of r.days) if (d.amount > 0 && d.date >= start) checked.add(d.date);
  const dates = [...checked].sort();
  const last = dates.at(-1) ?? end;
  const upTo = last > today ? last : today;
  const before = [...f.facts, ...pending.flatMap((r) => usageOf(r.days))];
  const withRequest = [...before, ...mine];
  const derivedBefore = derive({ ...f, facts: before }, upTo);
  const derivedAfter = derive({ ...f, facts: withRequest }, upTo);
  const on = (rows: readonly LedgerEntry[], date: string) => round2(rows.reduce((s, r) => (r.effectiveOn <= date ? s + r.amount : s), 0));
  let lowest: RequestCheck['lowest'] | undefined;
  let shortfall: RequestCheck['shortfall'] = null;
  for (const date of dates) {
    const after = on([...derivedAfter, ...withRequest], date);
    if (!lowest || after < lowest.after) lowest = { date, before: on([...derivedBefore, ...before], date), after };
  }
  if (lowest && lowest.after < 0) shortfall = { date: lowest.date, amount: -lowest.after };
  const first = start > today ? start : today;
  const policy = f.governing(start) ?? f.governing(first);
  const approvedLater = others.filter((r) => r.status === 'approved').flatMap((r) => r.days).filter((d) => d.date > end);
  return {
    today: on([...derive({ ...f, facts: f.facts }, today), ...f.facts], today),
    pending: round2(pending.reduce((s, r) => s + r.amount, 0)),
    committedLater: round2(approvedLater.reduce((s, d) => s + d.amount, 0)),
    lowest: lowest ?? { date: end, before: 0, after: 0 },
    shortfall,
    allowNegative: policy?.allowNegative ?? false,
  };
}
