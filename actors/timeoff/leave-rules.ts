import { addDays } from '../organisation/calendar';

/**
 * The rules a leave type sets on who may ask for which dates, before any balance is looked at:
 *
 * - **Waiting period** (`applicableAfterDays`): a request may start no earlier than that many
 *   days after the hire date of the current employment period (a rehire waits again).
 * - **Back-dating** (`maxBackdateDays`): an employee may start a request at most that many days
 *   before the company's today; HR records older leave (a sick week reported late) freely.
 * - **Length** (`maxConsecutiveDays`): from the first to the last day, weekends and holidays
 *   included, a request spans at most that many calendar days.
 * - **Blackouts**: periods HR closes for the company or for a department and everything below
 *   it. An employee's request sharing a day with one is refused, naming the period. HR may still
 *   record leave there: a blackout plans around a release, but bereavement, a court date or
 *   leave the employee negotiated at hiring are facts HR has to be able to book, and HR's
 *   booking is audited under HR's name. A blackout that names leave types closes only those.
 * - **Untracked types** (`tracked: false`, sick or unpaid leave) have no balance: the
 *   balance check is skipped and approval writes no ledger rows, but they are approved like
 *   any request and counted in reports.
 *
 * Pure functions over plain data (no database, no clock), so each rule is unit-tested.
 */
export interface LeaveTypeRules {
  id: string;
  tracked: boolean;
  applicableAfterDays: number | null;
  maxConsecutiveDays: number | null;
  maxBackdateDays: number | null;
}

export interface Blackout {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  appliesTo: { scope: 'company' } | { scope: 'department'; departmentId: string };
  leaveTypeIds: string[] | null;
}

export interface RuleInput {
  type: LeaveTypeRules;
  startDate: string;
  endDate: string;
  /** The hire date of the employee's current employment period. */
  hireDate: string;
  /** The employee's department and every department above it (a blackout on a parent covers its children). */
  departmentAndAbove: ReadonlySet<string>;
  /** The company's today. */
  today: string;
  /** HR (or admin, owner) records the leave: back-dating and blackouts do not bind them. */
  byHr: boolean;
  blackouts: readonly Blackout[];
}

export interface RuleViolation {
  code: 'waiting_period' | 'backdated_too_far' | 'too_many_consecutive_days' | 'blackout_period';
  message: string;
  field: 'startDate' | 'endDate';
}

/** Calendar days from the first to the last date, both included. */
export const spanDays = (startDate: string, endDate: string): number => Math.round((Date.parse(endDate) - Date.parse(startDate)) / 86_400_000) + 1;

/** Whether a blackout closes these dates for this employee and leave type. */
export function blackoutApplies(b: Blackout, input: Pick<RuleInput, 'startDate' | 'endDate' | 'departmentAndAbove' | 'type'>): boolean {
  if (b.startDate > input.endDate || b.endDate < input.startDate) return false;
  if (b.leaveTypeIds ? !b.leaveTypeIds.includes(input.type.id) : !input.type.tracked) return false;
  return b.appliesTo.scope === 'company' || input.departmentAndAbove.has(b.appliesTo.departmentId);
}

/** The first rule the request breaks, or null. */
export function leaveRuleViolation(input: RuleInput): RuleViolation | null {
  const { type } = input;
  if (type.applicableAfterDays !== null) {
    const firstDay = addDays(input.hireDate, type.applicableAfterDays);
    if (input.startDate < firstDay) {
      return { code: 'waiting_period', field: 'startDate', message: `This leave type can be taken ${type.applicableAfterDays} days after the hire date (${input.hireDate}): from ${firstDay}.` };
    }
  }
  if (type.maxBackdateDays !== null && !input.byHr) {
    const earliest = addDays(input.today, -type.maxBackdateDays);
    if (input.startDate < earliest) {
      return { code: 'backdated_too_far', field: 'startDate', message: `A request may start at most ${type.maxBackdateDays} days back (${earliest}); ask HR to record older leave.` };
    }
  }
  if (type.maxConsecutiveDays !== null) {
    const days = spanDays(input.startDate, input.endDate);
    if (days > type.maxConsecutiveDays) {
      return { code: 'too_many_consecutive_days', field: 'endDate', message: `A request of this type spans at most ${type.maxConsecutiveDays} consecutive days; this one spans ${days}.` };
    }
  }
  if (!input.byHr) {
    const hit = input.blackouts.find((b) => blackoutApplies(b, input));
    if (hit) {
      return { code: 'blackout_period', field: 'startDate', message: `The dates fall in the blackout period “${hit.name}” (${hit.startDate} to ${hit.endDate}).` };
    }
  }
  return null;
}
