/**
 * What a policy earns an employee, as pure functions of dates. Amounts are rounded to
 * hundredths of a day. Nothing is earned before the policy starts, before the hire date,
 * or after the termination date.
 *
 * Proration (one rule each, chosen so the two accruals agree over a whole year):
 * - monthly: a month earns a twelfth of the yearly entitlement on its first day; the month
 *   of hire and the month of leaving earn for the calendar days employed in them (the hire
 *   day and the termination day both count), over the days in the month.
 * - yearly: the policy year is the calendar year; its grant comes on 1 January (or on the
 *   hire day, or the policy's start) and covers the months employed in the year, the hire
 *   month and the leaving month counting whole, over twelve.
 */
export interface AccrualDue {
  kind: 'accrual' | 'grant';
  /** `YYYY-MM` for a monthly accrual, `YYYY` for a yearly grant. */
  period: string;
  effectiveOn: string;
  amount: number;
}

export interface AccrualPolicy {
  yearlyEntitlement: number;
  accrual: 'monthly' | 'yearly';
  /** A first of month. */
  startsOn: string;
}

export interface Employment {
  hireDate: string;
  terminationDate?: string | null | undefined;
}

export const round2 = (n: number) => Math.round(n * 100) / 100;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, '0');
const later = (a: string, b: string) => (a > b ? a : b);

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

/** Every accrual or grant due on or before `upTo`, in date order. */
export function accrualsDue(policy: AccrualPolicy, employee: Employment, upTo: string): AccrualDue[] {
  return policy.accrual === 'yearly' ? yearlyGrants(policy, employee, upTo) : monthlyAccruals(policy, employee, upTo);
}

function monthlyAccruals(policy: AccrualPolicy, employee: Employment, upTo: string): AccrualDue[] {
  const monthly = policy.yearlyEntitlement / 12;
  const leaving = employee.terminationDate ?? '9999-12-31';
  const due: AccrualDue[] = [];
  for (let monthStart = later(policy.startsOn, employee.hireDate).slice(0, 7) + '-01'; ; monthStart = addMonths(monthStart, 1)) {
    // A month accrues on its first day, or on the hire day for the month of hire.
    const effectiveOn = later(employee.hireDate, monthStart);
    if (effectiveOn > upTo || effectiveOn > leaving) break;
    const y = Number(monthStart.slice(0, 4));
    const m = Number(monthStart.slice(5, 7));
    const days = daysIn(y, m);
    const firstDay = Number(effectiveOn.slice(8, 10));
    const lastDay = leaving.slice(0, 7) === monthStart.slice(0, 7) ? Number(leaving.slice(8, 10)) : days;
    due.push({ kind: 'accrual', period: monthStart.slice(0, 7), effectiveOn, amount: round2((monthly * (lastDay - firstDay + 1)) / days) });
  }
  return due;
}

function yearlyGrants(policy: AccrualPolicy, employee: Employment, upTo: string): AccrualDue[] {
  const leaving = employee.terminationDate ?? '9999-12-31';
  const due: AccrualDue[] = [];
  for (let y = Number(later(policy.startsOn, employee.hireDate).slice(0, 4)); ; y++) {
    const effectiveOn = later(later(`${y}-01-01`, policy.startsOn), employee.hireDate);
    if (effectiveOn > upTo || effectiveOn > leaving) break;
    const firstMonth = Number(effectiveOn.slice(5, 7));
    const lastMonth = leaving.slice(0, 4) === String(y) ? Number(leaving.slice(5, 7)) : 12;
    due.push({ kind: 'grant', period: String(y), effectiveOn, amount: round2((policy.yearlyEntitlement * (lastMonth - firstMonth + 1)) / 12) });
  }
  return due;
}
