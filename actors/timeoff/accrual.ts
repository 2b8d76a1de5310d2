/**
 * Monthly accrual, as pure functions of dates: a month accrues a twelfth of the yearly
 * entitlement on its first day; the month an employee is hired in accrues for the days
 * from the hire date (proration); nothing accrues before the policy starts. Amounts are
 * rounded to hundredths of a day.
 */
export interface AccrualDue {
  period: string;
  effectiveOn: string;
  amount: number;
}

const round = (n: number) => Math.round(n * 100) / 100;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** `YYYY-MM-01` of the month after `date` (a `YYYY-MM-DD` or an ISO instant, read in UTC). */
export function nextMonthStart(date: string): string {
  const d = new Date(date.length === 10 ? `${date}T00:00:00Z` : date);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}

export function accrualsDue(
  policy: { yearlyEntitlement: number; startsOn: string },
  employee: { hireDate: string },
  upTo: string,
): AccrualDue[] {
  const monthly = policy.yearlyEntitlement / 12;
  const due: AccrualDue[] = [];
  const first = policy.startsOn > employee.hireDate ? policy.startsOn : employee.hireDate;
  let y = Number(first.slice(0, 4));
  let m = Number(first.slice(5, 7));
  for (;;) {
    const monthStart = `${y}-${String(m).padStart(2, '0')}-01`;
    // A month accrues on its first day, or on the hire day for the month of hire.
    const effectiveOn = employee.hireDate > monthStart ? employee.hireDate : monthStart;
    if (effectiveOn > upTo) break;
    const days = daysIn(y, m);
    const fraction = employee.hireDate > monthStart ? (days - Number(employee.hireDate.slice(8, 10)) + 1) / days : 1;
    due.push({ period: monthStart.slice(0, 7), effectiveOn, amount: round(monthly * fraction) });
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return due;
}
