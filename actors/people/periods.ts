import type { CommandCtx } from '../core/message';
import type { TenantServices, TenantState } from '../tenant/context';
import type { RecordedEvent } from './history';
import type { EmployeeRow } from './people.sql.ts';

/**
 * Employment periods: from a hire (or rehire) to a termination, both days included. They are
 * a fold of the employment history, not a column: a rehire opens a new period and leaves the
 * old one (and its hire date) as it was; a hire-date or termination-date correction, or a
 * termination, changes the latest period; a withdrawn change (cancelled, void) never counted.
 * The fold goes in the order the changes were recorded, not by effective date: each was
 * checked against the periods as they stood then (a correction recorded before a back-dated
 * rehire corrects the period before it).
 */
export interface EmploymentPeriod {
  start: string;
  /** The last day employed; null while employed. */
  end: string | null;
}

const inEffect = (e: RecordedEvent) => e.state === 'applied' || e.state === 'scheduled';

export function employmentPeriods(current: Pick<EmployeeRow, 'hireDate' | 'terminationDate' | 'status'>, history: readonly RecordedEvent[]): EmploymentPeriod[] {
  const events = history.filter(inEffect).sort((a, b) => a.seq - b.seq);
  const periods: EmploymentPeriod[] = [];
  for (const e of events) {
    const c = e.changes;
    if (e.type === 'hire' || e.type === 'rehire') {
      periods.push({ start: c.hireDate ?? e.effectiveDate, end: c.terminationDate ?? null });
      continue;
    }
    const last = periods.at(-1);
    if (!last) continue;
    if (c.hireDate !== undefined) last.start = c.hireDate;
    if (c.terminationDate !== undefined) last.end = c.terminationDate;
    else if (c.status === 'terminated' && last.end === null) last.end = e.effectiveDate;
  }
  // A record from before the history was kept: its fields are all that is known.
  if (!events.some((e) => e.type === 'hire')) {
    return [{ start: current.hireDate, end: current.terminationDate ?? (current.status === 'terminated' ? current.hireDate : null) }];
  }
  return periods.filter((p) => p.end === null || p.end >= p.start);
}

/** What caused a change of employment facts, for the rows other contexts write in reply. */
export interface EmploymentCause {
  /** The history row (`eev_…`) that recorded it. */
  id: string;
  /** In words, for the `reason` of a row written because of it. */
  reason: string;
}

/**
 * Contexts that derive something from employment (the leave ledger) listen here; each
 * listener runs in the transaction of the change. With `dryRun`, a listener writes nothing
 * and answers what it would write, given the history as it would stand after the change.
 */
export interface EmploymentChange {
  employeeId: string;
  cause: EmploymentCause;
  dryRun: boolean;
  /** HR keeps pending and approved leave after the last day (flagged) instead of cancelling it. */
  keepFutureLeave?: boolean;
  /** The record and its history after the change, for a dry run (a real run reads them). */
  after?: { employee: EmployeeRow; history: RecordedEvent[] };
}
export type EmploymentListener = (ctx: CommandCtx<TenantState, TenantServices>, change: EmploymentChange) => Promise<unknown[]>;
/**
 * A listener may also hear many hires at once (a CSV import): `hires` must write what `one`
 * would write for each, in one pass (its reads and writes in bulk), and need not answer.
 */
export interface EmploymentListenerOf {
  one: EmploymentListener;
  hires?: (ctx: CommandCtx<TenantState, TenantServices>, hires: readonly Hire[]) => Promise<void>;
}
/** A new record and its hire event, as a listener hears of it. */
export interface Hire {
  employeeId: string;
  cause: EmploymentCause;
  /**
   * The hire event, when the hire is heard as soon as it is written (a single create): then it
   * is the record's whole history and no other row of the record exists yet. Not set by the
   * import, whose later rows may change a record it created before its hires are heard.
   */
  onlyEvent?: RecordedEvent;
}
export const employmentListeners: EmploymentListenerOf[] = [];

/**
 * Employment fields no listener reads (the leave ledger derives from dates, status,
 * department, location, manager and type, never from the title): a change of only these
 * skips the listeners, which otherwise reload the history, the open requests and the ledger
 * facts on every PATCH (most of a title change's cost). A listener that comes to read one
 * of these must take it out of this list.
 */
export const ignoredByListeners: ReadonlySet<string> = new Set(['jobTitle']);

/** Whether the listeners must hear of a change of these fields. */
export const listenersCare = (changes: object): boolean => Object.keys(changes).some((k) => !ignoredByListeners.has(k));

export async function employmentChanged(ctx: CommandCtx<TenantState, TenantServices>, change: EmploymentChange): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const listen of employmentListeners) out.push(...(await listen.one(ctx, change)));
  return out;
}

/** New records hired in this command (each already stored with its hire event), heard in bulk. */
export async function employeesHired(ctx: CommandCtx<TenantState, TenantServices>, hires: readonly Hire[]): Promise<void> {
  if (hires.length === 0) return;
  for (const listen of employmentListeners) {
    if (listen.hires) await listen.hires(ctx, hires);
    else for (const h of hires) await listen.one(ctx, { ...h, dryRun: false });
  }
}

/** The cause a hire gives the rows written because of it. */
export const hireCause = (eventId: string, hireDate: string): EmploymentCause => ({ id: eventId, reason: `Hired from ${hireDate}` });
