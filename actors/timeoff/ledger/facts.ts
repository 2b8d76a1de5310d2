import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { prepared } from '../../core/prepared';
import type { Db } from '../../core/store';
import { employeeAsOf, historyOf, loadHistory, type RecordedEvent } from '../../people/history';
import { employeeEvents, type EmployeeRow } from '../../people/people.sql.ts';
import { employmentPeriods } from '../../people/periods';
import type { TenantState } from '../../tenant/context';
import type { LedgerEntry } from '../carryover';
import { coverage, governingPolicy } from '../scope';
import { ledger, leaveTypes, policies, type PolicyRow } from '../timeoff.sql.ts';
import type { LedgerFacts } from './derive';

/**
 * Loads what the derivation reads, for many employees at once (a policy change touches
 * everyone): policies, employment history and ledger rows, each in one query.
 */
export interface StoredRow extends LedgerEntry {
  employeeId: string;
  leaveTypeId: string;
  requestId: string | null;
}

export interface Loaded {
  /** Leave types that earn a balance, with their policies (oldest first). */
  policiesByType: Map<string, PolicyRow[]>;
  history: Map<string, RecordedEvent[]>;
  /** Ledger rows per `employee|type`. */
  stored: Map<string, StoredRow[]>;
  /** Leave types without a balance: nothing is derived for them. */
  untracked: Set<string>;
}

const CHUNK = 90;

const storedColumns = { employeeId: ledger.employeeId, leaveTypeId: ledger.leaveTypeId, kind: ledger.kind, amount: ledger.amount, effectiveOn: ledger.effectiveOn, period: ledger.period, requestId: ledger.requestId };

async function inChunks<T>(ids: readonly string[] | 'all', run: (where: SQL | undefined) => Promise<T[]>, column: Parameters<typeof inArray>[0]): Promise<T[]> {
  if (ids === 'all') return run(undefined);
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await run(inArray(column, ids.slice(i, i + CHUNK)))));
  return out;
}

/**
 * Policies and leave types, kept for the rest of one command: an import of 10,000 hires reads
 * them once, not once per hire. Whatever changes a policy forgets them (`forgetPolicies`).
 */
const perCommand = new WeakMap<object, Promise<[PolicyRow[], (typeof leaveTypes.$inferSelect)[]]>>();
export const forgetPolicies = (command: object) => perCommand.delete(command);

export async function loadFacts(db: Db, employeeIds: readonly string[] | 'all', leaveTypeId?: string, command?: object): Promise<Loaded> {
  const policies = await policiesOf(db, leaveTypeId, command);
  // One employee (a hire, a change of employment: the everyday case) through prepared statements.
  const one = employeeIds !== 'all' && employeeIds.length === 1 && !leaveTypeId ? employeeIds[0]! : undefined;
  const events = one ? await historyOf(db, one) : await inChunks(employeeIds, (w) => loadHistory(db, w), employeeEvents.employeeId);
  const history = new Map<string, RecordedEvent[]>();
  for (const e of events) {
    const list = history.get(e.employeeId) ?? [];
    list.push(e);
    history.set(e.employeeId, list);
  }
  const rows = one
    ? await prepared(db, 'timeoff_ledger:of-employee', () => db.select(storedColumns).from(ledger).where(eq(ledger.employeeId, sql.placeholder('employeeId'))).prepare()).all({ employeeId: one })
    : await inChunks(employeeIds, (w) => db.select(storedColumns).from(ledger).where(and(w, leaveTypeId ? eq(ledger.leaveTypeId, leaveTypeId) : undefined)), ledger.employeeId);
  const stored = new Map<string, StoredRow[]>();
  for (const r of rows) {
    const key = `${r.employeeId}|${r.leaveTypeId}`;
    const list = stored.get(key) ?? [];
    list.push(r);
    stored.set(key, list);
  }
  return { ...policies, history, stored };
}

/**
 * The facts of records written in this command and nothing since, each with its only event:
 * a hire created on its own has no other history and no ledger row yet, so only the policies
 * are read. Reading back the event just written and the ledger rows that cannot exist cost a
 * sixth of a create.
 */
export async function factsOfNewRecords(db: Db, events: readonly RecordedEvent[], command?: object): Promise<Loaded> {
  return { ...(await policiesOf(db, undefined, command)), history: new Map(events.map((e) => [e.employeeId, [e]])), stored: new Map() };
}

/** The leave types that earn a balance with their policies (oldest first), and those that do not. */
async function policiesOf(db: Db, leaveTypeId: string | undefined, command: object | undefined): Promise<Pick<Loaded, 'policiesByType' | 'untracked'>> {
  // Prepared once per database: every hire and every change of employment reads them.
  const read = async () =>
    Promise.all([
      prepared(db, 'policies:all', () => db.select().from(policies).prepare()).all(),
      prepared(db, 'leave_types:all', () => db.select().from(leaveTypes).prepare()).all(),
    ] as const);
  let cached = command ? perCommand.get(command) : undefined;
  if (!cached) {
    cached = read();
    if (command) perCommand.set(command, cached);
  }
  const [everyPolicy, types] = await cached;
  const allPolicies = everyPolicy.filter((p) => !leaveTypeId || p.leaveTypeId === leaveTypeId);
  // A leave type without a balance (untracked, when leave types have that flag) derives nothing.
  const tracked = new Set(types.filter((t) => (t as { tracked?: boolean }).tracked !== false).map((t) => t.id));
  const policiesByType = new Map<string, PolicyRow[]>();
  for (const p of [...allPolicies].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (!tracked.has(p.leaveTypeId)) continue;
    const list = policiesByType.get(p.leaveTypeId) ?? [];
    list.push(p);
    policiesByType.set(p.leaveTypeId, list);
  }
  return { policiesByType, untracked: new Set(types.filter((t) => !tracked.has(t.id)).map((t) => t.id)) };
}

/** Usage and adjustments: the rows the derivation reads, never writes. */
export const isFact = (r: LedgerEntry) => r.kind === 'usage' || r.kind === 'adjustment';

/**
 * The policy governing an employee on a date: among the policies in force that day (started,
 * not retired), the most specific whose scope covers the employee as of that day.
 */
export function governingOn(state: TenantState, sameType: readonly PolicyRow[], current: EmployeeRow, history: readonly RecordedEvent[]) {
  const candidates = sameType.map((p) => ({ policy: p, covers: coverage(state, p.appliesTo) }));
  const cache = new Map<string, PolicyRow | undefined>();
  const ordered = history.filter((e) => e.state === 'applied' || e.state === 'scheduled').sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.seq - b.seq);
  return (date: string): PolicyRow | undefined => {
    if (cache.has(date)) return cache.get(date);
    const asOf = employeeOn(current, ordered, date);
    const inForce = candidates.filter((c) => c.policy.startsOn <= date && (!c.policy.endsOn || date < c.policy.endsOn));
    const found = governingPolicy(inForce, asOf);
    cache.set(date, found);
    return found;
  };
}

/**
 * The employee's department and location on a date: the hire's snapshot, then every change
 * dated up to that day. A hire date corrected to an earlier day reads the hire's snapshot
 * before the original hire event, not today's record.
 */
function employeeOn(current: EmployeeRow, ordered: readonly RecordedEvent[], date: string): EmployeeRow {
  const hire = ordered.find((e) => e.type === 'hire');
  if (!hire) return employeeAsOf(current, ordered, date) ?? current;
  const folded = { ...current, ...hire.changes };
  for (const e of ordered) if (e !== hire && e.effectiveDate <= date) Object.assign(folded, e.changes);
  return folded;
}

/** The derivation's input for one employee and leave type. */
export function factsOf(state: TenantState, loaded: Loaded, employee: EmployeeRow, leaveTypeId: string, history = loaded.history.get(employee.id) ?? []): LedgerFacts & { stored: StoredRow[] } {
  const stored = loaded.stored.get(`${employee.id}|${leaveTypeId}`) ?? [];
  return {
    periods: employmentPeriods(employee, history),
    governing: governingOn(state, loaded.policiesByType.get(leaveTypeId) ?? [], employee, history),
    facts: stored.filter(isFact),
    stored,
  };
}

