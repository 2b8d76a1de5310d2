import type { CommandCtx, QueryCtx } from '../../core/message';
import type { RecordedEvent } from '../../people/history';
import type { EmployeeRow } from '../../people/people.sql.ts';
import type { TenantServices, TenantState } from '../../tenant/context';
import { tenantToday } from '../../tenant/today';
import { round2 } from '../accrual';
import { ledger } from '../timeoff.sql.ts';
import { derive, type DerivedKind } from './derive';
import { factsOf, isFact, loadFacts, type Loaded, type StoredRow } from './facts';

/**
 * Keeps the stored ledger equal to the derivation. For each (employee, leave type) the
 * derived rows up to today are summed per (kind, period, date) and compared with the stored
 * rows of the same key; every difference is appended as a correcting row, with a reason and
 * the change that caused it. Rows are never edited or deleted, so the ledger stays the
 * explanation of every balance; and since a correction is a difference, running it twice
 * writes nothing the second time.
 *
 * A dry run answers the same rows and writes nothing; the real call writes exactly them.
 */
export interface Cause {
  /** The change: `eev_…`, `pol_…`, `tor_…`, `led_…`, or `run:<date>` for a timer or manual run. */
  id: string;
  reason: string;
}

export interface PlannedRow {
  kind: DerivedKind;
  period: string;
  effectiveOn: string;
  amount: number;
  reason: string;
}
export interface Impact {
  employeeId: string;
  leaveTypeId: string;
  rows: PlannedRow[];
}

/** What the change of facts should write for some employees (all when omitted), leave types (all with a policy when omitted). */
export interface Scope {
  employeeIds?: readonly string[];
  leaveTypeId?: string;
  /** For a dry run: the record and history of one employee as they would be after the change. */
  after?: { employee: EmployeeRow; history: RecordedEvent[] };
  /** For a dry run of a policy change: the loaded facts with the policies as they would be. */
  loaded?: Loaded;
}

const key = (r: { kind: string; period: string | null; effectiveOn: string }) => `${r.kind}|${r.period}|${r.effectiveOn}`;

/** The correcting rows for one employee and leave type; pure over the loaded facts. */
export function plan(state: TenantState, loaded: Loaded, employee: EmployeeRow, leaveTypeId: string, today: string, cause: Cause, history?: RecordedEvent[]): PlannedRow[] {
  const f = factsOf(state, loaded, employee, leaveTypeId, history);
  const want = new Map<string, { row: PlannedRow; amount: number }>();
  for (const r of derive(f, today)) {
    const k = key(r);
    const w = want.get(k);
    if (w) w.amount += r.amount;
    else want.set(k, { row: { ...r }, amount: r.amount });
  }
  const have = new Map<string, { row: StoredRow; amount: number }>();
  for (const r of f.stored) {
    if (isFact(r) || r.period === null) continue;
    const k = key(r);
    const h = have.get(k);
    if (h) h.amount += r.amount;
    else have.set(k, { row: r, amount: r.amount });
  }
  const out: PlannedRow[] = [];
  for (const [k, w] of want) {
    const diff = round2(w.amount - (have.get(k)?.amount ?? 0));
    if (diff === 0) continue;
    const what = have.has(k) ? `${w.row.reason} (corrected from ${round2(have.get(k)!.amount)} to ${round2(w.amount)})` : w.row.reason;
    out.push({ kind: w.row.kind, period: w.row.period, effectiveOn: w.row.effectiveOn, amount: diff, reason: `${cause.reason}: ${what}` });
  }
  for (const [k, h] of have) {
    if (want.has(k) || round2(h.amount) === 0) continue;
    const r = h.row;
    out.push({ kind: r.kind as DerivedKind, period: r.period!, effectiveOn: r.effectiveOn, amount: -round2(h.amount), reason: `${cause.reason}: ${r.kind} ${r.period} of ${r.effectiveOn} no longer due` });
  }
  return out.sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn) || a.period.localeCompare(b.period));
}

type Ctx = QueryCtx<TenantState, TenantServices>;

/** The impact of the facts as they stand (or as `scope` says they would stand) against the stored ledger. */
export async function impactOf(ctx: Ctx, cause: Cause, scope: Scope = {}): Promise<Impact[]> {
  const today = tenantToday(ctx.state, ctx.now);
  const ids = scope.employeeIds ?? [...ctx.state.people.employees.keys()];
  const loaded = scope.loaded ?? (await loadFacts(ctx.db, scope.employeeIds ?? 'all', scope.leaveTypeId, ctx.meta));
  // Types with a policy, and types with rows but no policy (an adjusted balance is settled at a rehire too).
  const types = scope.leaveTypeId ? [scope.leaveTypeId] : [...new Set([...loaded.policiesByType.keys(), ...[...loaded.stored.keys()].map((k) => k.split('|')[1]!)])];
  const out: Impact[] = [];
  for (const id of [...ids].sort()) {
    const employee = scope.after?.employee.id === id ? scope.after.employee : ctx.state.people.employees.get(id);
    if (!employee) continue;
    const history = scope.after?.employee.id === id ? scope.after.history : undefined;
    for (const leaveTypeId of types) {
      if (loaded.untracked.has(leaveTypeId) || (!loaded.policiesByType.has(leaveTypeId) && !loaded.stored.has(`${id}|${leaveTypeId}`))) continue;
      const rows = plan(ctx.state, loaded, employee, leaveTypeId, today, cause, history);
      if (rows.length > 0) out.push({ employeeId: id, leaveTypeId, rows });
    }
  }
  return out;
}

/** Appends the impact's rows, several per statement (a Durable Object binds at most 100 values). */
export async function writeImpact(ctx: CommandCtx<TenantState, TenantServices>, impact: readonly Impact[], cause: Cause): Promise<number> {
  return writeImpacts(ctx, [{ impact, cause }]);
}

/** Several causes' impacts, in as few statements as one cause's. */
export async function writeImpacts(ctx: CommandCtx<TenantState, TenantServices>, items: readonly { impact: readonly Impact[]; cause: Cause }[]): Promise<number> {
  const at = ctx.now.toISOString();
  const values = items.flatMap(({ impact, cause }) =>
    impact.flatMap((i) => i.rows.map((r) => ({ id: ctx.ids.next('led'), employeeId: i.employeeId, leaveTypeId: i.leaveTypeId, ...r, requestId: null, cause: cause.id, createdAt: at }))),
  );
  for (let n = 0; n < values.length; n += 8) await ctx.db.insert(ledger).values(values.slice(n, n + 8));
  return values.length;
}

/** Brings the stored ledger to the derivation for the scope, in the caller's transaction. */
export async function reconcile(ctx: CommandCtx<TenantState, TenantServices>, cause: Cause, scope: Omit<Scope, 'after' | 'loaded'> = {}): Promise<Impact[]> {
  const impact = await impactOf(ctx, cause, scope);
  await writeImpact(ctx, impact, cause);
  return impact;
}
