import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, conflict, notFound, unprocessable } from '../core/errors';
import type { CommandCtx } from '../core/message';
import { auditedChange } from '../core/audit';
import { insertRow, limitOne, prepared, updateRow } from '../core/prepared';
import { sameValue } from '../core/same-value';
import type { Db } from '../core/store';
import { pageInput, paginate, sortOf } from '../core/pagination';
import { everyone, peopleManagers } from '../core/principal';
import { idOf, isoDate, text } from '../core/text';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { tenantDayStart, tenantToday } from '../tenant/today';
import { actorOf, audienceOf } from './audience';
import { employeeUpdated, lifecycleRecorded } from './events';
import { changedFields, chronologicalKey, employeeAsOf, historyOf, loadHistory, type RecordedEvent } from './history';
import type { Profile } from './fields';
import { employeeEvents, employees, employeeStatuses, employmentTypes, eventStates, lifecycleTypes, type EmployeeEventRow, type EmployeeRow, type EmploymentChanges, type LifecycleType } from './people.sql.ts';
import { employmentChanged, employmentPeriods, listenersCare } from './periods';
import { assertManagerAllowed, resolveEmployment } from './rules';
import { impactSchema } from '../timeoff/replies';
import { employmentView, fullViewSchema, historyAt, hrView } from './view';
import { viewerOf, seesEmployment, visibilityOf } from './visibility';
import { followEmployment } from '../identity/offboarding';
import { instant, pageOf } from '../core/reply';
import { withdrawChecklists } from '../checklists/start';

type Ctx = CommandCtx<TenantState, TenantServices>;

const timerKey = (date: string) => `lifecycle:${date}`;

/**
 * Records a dated change of employment and brings the record up to date: the record is the
 * fold of its history up to today, so a back-dated change lands in its place and a
 * future-dated one waits for its day (a timer applies it then).
 */
export async function recordEmployment(
  ctx: Ctx,
  current: EmployeeRow,
  o: { type: LifecycleType; effectiveDate: string; changes: EmploymentChanges; reason: string | null; profile?: Profile; keepFutureLeave?: boolean },
): Promise<EmployeeRow> {
  return (await recordEmploymentChange(ctx, current, o)).employee;
}

/** Records the change and lets the contexts that derive from employment (the leave ledger) follow, in the same transaction. */
export async function recordEmploymentChange(
  ctx: Ctx,
  current: EmployeeRow,
  o: { type: LifecycleType; effectiveDate: string; changes: EmploymentChanges; reason: string | null; profile?: Profile; keepFutureLeave?: boolean },
): Promise<{ employee: EmployeeRow; effects: unknown[] }> {
  const eventId = ctx.ids.next('eev');
  const employee = await writeEmployment(ctx, current, eventId, o);
  if (!listenersCare(o.changes)) return { employee, effects: [] };
  const effects = await employmentChanged(ctx, { employeeId: current.id, cause: causeOf(eventId, o), dryRun: false, keepFutureLeave: o.keepFutureLeave ?? false });
  return { employee, effects };
}

const causeOf = (id: string, o: { type: LifecycleType; effectiveDate: string; changes: EmploymentChanges }) => {
  const c = o.changes;
  const reason =
    o.type === 'termination' ? `Terminated effective ${o.effectiveDate}`
    : o.type === 'rehire' ? `Rehired from ${c.hireDate}`
    : c.hireDate !== undefined ? `Hire date corrected to ${c.hireDate}`
    : c.terminationDate !== undefined ? (c.terminationDate ? `Termination date corrected to ${c.terminationDate}` : 'Termination withdrawn')
    : o.type === 'transfer' ? `Transfer effective ${o.effectiveDate}`
    : `Employment change (${o.type}) effective ${o.effectiveDate}`;
  return { id, reason };
};

async function writeEmployment(
  ctx: Ctx,
  current: EmployeeRow,
  eventId: string,
  o: { type: LifecycleType; effectiveDate: string; changes: EmploymentChanges; reason: string | null; profile?: Profile },
): Promise<EmployeeRow> {
  const today = tenantToday(ctx.state, ctx.now);
  const scheduled = o.effectiveDate > today;
  const row: EmployeeEventRow = {
    id: eventId,
    employeeId: current.id,
    type: o.type,
    effectiveDate: o.effectiveDate,
    changes: o.changes,
    reason: o.reason,
    state: scheduled ? 'scheduled' : 'applied',
    recordedAt: ctx.now.toISOString(),
    recordedBy: actorOf(ctx),
  };
  if (Object.keys(o.changes).length > 0) await insertRow(ctx.db, employeeEvents, row);
  if (scheduled) {
    await ctx.schedule({ key: timerKey(o.effectiveDate), at: tenantDayStart(ctx.state, o.effectiveDate), type: 'employees.applyDueEvents', payload: {} });
    ctx.emit(lifecycleRecorded.create(current.id, { employeeId: current.id, type: o.type, effectiveDate: o.effectiveDate, state: 'scheduled' }, audienceOf(ctx.state, current)));
  }
  const profile = o.profile ?? {};
  if (scheduled) return refold(ctx, current, profile, { ...current, ...profile });
  // The common case needs no history: a change that no applied change follows in time folds
  // last, on top of the record as it is. Only a back-dated one under later changes refolds.
  const later = await laterAppliedChange(ctx.db).all({ employeeId: current.id, after: o.effectiveDate });
  if (later.length === 0) return refold(ctx, current, profile, { ...current, ...profile, ...o.changes });
  return refold(ctx, current, profile, await foldedToday(ctx, { ...current, ...profile }, today));
}

/**
 * A change's state, written into the SQL rather than bound: a value bound where the partial
 * index's condition names the column (employee_events_scheduled: state = 'scheduled') makes
 * SQLite prepare the statement again on every run, to see whether the index applies. Bound,
 * the PATCH's query below cost 17 µs a run instead of 2 (with its CPU profile, 14 % of a PATCH).
 */
const inState = (state: 'applied' | 'scheduled') => sql`${employeeEvents.state} = ${sql.raw(`'${state}'`)}`;

/** An applied change of the employee effective after a date, if any. */
export function laterAppliedChangeQuery(db: Db) {
  return db
    .select({ id: employeeEvents.id })
    .from(employeeEvents)
    .where(and(eq(employeeEvents.employeeId, sql.placeholder('employeeId')), inState('applied'), gt(employeeEvents.effectiveDate, sql.placeholder('after'))))
    .limit(limitOne);
}

/** The same, prepared once per database: every PATCH asks. */
const laterAppliedChange = (db: Db) => prepared(db, 'employee_events:later-applied', () => laterAppliedChangeQuery(db).prepare());

/** The record folded from its whole applied history up to today. */
async function foldedToday(ctx: Ctx, base: EmployeeRow, today: string): Promise<EmployeeRow> {
  const history = await loadHistory(ctx.db, and(eq(employeeEvents.employeeId, base.id), inState('applied')));
  return employeeAsOf(base, history, today) ?? base;
}

/** Writes the record as folded, if it changed, with its audit row and event. */
async function refold(ctx: Ctx, current: EmployeeRow, profile: Profile, folded: EmployeeRow): Promise<EmployeeRow> {
  if (folded.managerId && folded.managerId !== current.managerId) assertManagerAllowed(ctx.state, current.id, folded.managerId);
  const changed = [...Object.keys(profile).filter((k) => !sameValue(profile[k as keyof Profile], current[k as keyof Profile])), ...changedFields(current, folded)];
  if (changed.length === 0) return current;
  const updated: EmployeeRow = { ...folded, version: current.version + 1, updatedAt: ctx.now.toISOString() };
  await updateRow(ctx.db, employees, 'id', current.id, changedColumns(current, updated));
  const { people } = ctx.state;
  ctx.set(people.employees, current.id, updated);
  if (updated.workEmail !== current.workEmail) {
    ctx.remove(people.employeeIdsByEmail, current.workEmail);
    ctx.set(people.employeeIdsByEmail, updated.workEmail, current.id);
  }
  if (updated.externalId !== current.externalId) {
    if (current.externalId) ctx.remove(people.employeeIdsByExternalId, current.externalId);
    if (updated.externalId) ctx.set(people.employeeIdsByExternalId, updated.externalId, current.id);
  }
  ctx.audit({ entity: 'employee', id: current.id, ...auditedChange(hrView(ctx.state, current), hrView(ctx.state, updated)) });
  const audience = [...new Set([...audienceOf(ctx.state, current), ...audienceOf(ctx.state, updated)])];
  ctx.emit(employeeUpdated.create(current.id, { employee: employmentView(ctx.state, updated), changed }, audience));
  await followEmployment(ctx, current, updated); // offboarding: a leaver's account stops (actors/identity/offboarding.ts)
  return updated;
}

/**
 * The columns whose value differs, with version and updatedAt: the UPDATE writes only those.
 * Setting every column made drizzle build (and SQLite bind) some twenty assignments per
 * PATCH, a quarter of a title change's CPU.
 */
function changedColumns(current: EmployeeRow, updated: EmployeeRow): Partial<EmployeeRow> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(updated) as (keyof EmployeeRow)[]) {
    if (k === 'id' || k === 'createdAt') continue;
    if (sameValue(current[k], updated[k])) continue;
    out[k] = updated[k];
  }
  return out as Partial<EmployeeRow>;
}

const effectiveDate = isoDate;
const id = idOf('emp');
/** Answer what the change would do (the ledger rows it would write, the leave it would cancel) and write nothing. */
const dryRun = z.boolean().default(false);
/** On a termination: keep pending and approved leave after the last day (flagged) instead of cancelling it. */
const keepFutureLeave = z.boolean().default(false);
const lifecycleInput = z.discriminatedUnion('type', [
  z.strictObject({ id, type: z.literal('transfer'), effectiveDate, departmentId: idOf('dep').nullable().optional(), department: text(120).optional(), locationId: idOf('loc').nullable().optional(), reason: text(500).optional(), dryRun }),
  z.strictObject({ id, type: z.literal('title_change'), effectiveDate, jobTitle: text(120), reason: text(500).optional(), dryRun }),
  z.strictObject({ id, type: z.literal('manager_change'), effectiveDate, managerId: idOf('emp').nullable(), reason: text(500).optional(), dryRun }),
  z.strictObject({ id, type: z.literal('employment_change'), effectiveDate, employmentType: z.enum(employmentTypes), reason: text(500).optional(), dryRun }),
  z.strictObject({ id, type: z.literal('termination'), effectiveDate, reason: text(500), dryRun, keepFutureLeave }),
  z.strictObject({ id, type: z.literal('rehire'), effectiveDate, departmentId: idOf('dep').nullable().optional(), locationId: idOf('loc').nullable().optional(), jobTitle: text(120).nullable().optional(), managerId: idOf('emp').nullable().optional(), reason: text(500).optional(), dryRun }),
  // Corrections of the latest employment period: recorded today, they change the dates themselves.
  z.strictObject({ id, type: z.literal('hire_date_correction'), hireDate: isoDate, reason: text(500).optional(), dryRun }),
  z.strictObject({ id, type: z.literal('termination_date_correction'), terminationDate: isoDate, reason: text(500).optional(), dryRun, keepFutureLeave }),
]);

/** The employment fields a lifecycle event set (see EmploymentChanges). */
const changesSchema = z.strictObject({
  departmentId: idOf('dep').nullable().optional(),
  locationId: idOf('loc').nullable().optional(),
  jobTitle: z.string().nullable().optional(),
  managerId: idOf('emp').nullable().optional(),
  employmentType: z.enum(employmentTypes).optional(),
  status: z.enum(employeeStatuses).optional(),
  hireDate: isoDate.optional(),
  terminationDate: isoDate.nullable().optional(),
  terminationReason: z.string().nullable().optional(),
});

const eventSchema = z.strictObject({
  id: idOf('eev'),
  type: z.enum(lifecycleTypes),
  effectiveDate: isoDate,
  changes: changesSchema,
  reason: z.string().nullable(),
  state: z.enum(eventStates),
  recordedAt: instant,
  recordedBy: z.string().describe('The user or API key id, or `system`'),
}).meta({ id: 'EmploymentEvent' });

const eventView = (e: EmployeeEventRow) => ({
  id: e.id,
  type: e.type,
  effectiveDate: e.effectiveDate,
  changes: e.changes,
  reason: e.reason,
  state: e.state,
  recordedAt: e.recordedAt,
  recordedBy: e.recordedBy,
});

export const recordLifecycleEvent = tenantMessage.command({
  type: 'employees.recordLifecycle',
  access: peopleManagers,
  input: lifecycleInput,
  output: z.strictObject({
    employee: fullViewSchema,
    scheduled: z.boolean().describe('True when the change takes effect on a later day'),
    dryRun: z.boolean().describe('True when nothing was written: the reply says what the change would do'),
    ledger: impactSchema.describe('The leave ledger rows the change writes (or would write), per leave type'),
    cancelledRequests: z.array(idOf('tor')).describe('Pending or approved leave after the last day, cancelled'),
    flaggedRequests: z.array(idOf('tor')).describe('Leave after the last day that HR chose to keep'),
    finalBalances: z.array(z.strictObject({ leaveTypeId: idOf('ltp'), asOf: isoDate, balance: z.number() })).optional().describe('When the employment has ended: the balance per leave type on the last day, what payroll pays out or recovers'),
  }),
  route: { method: 'POST', path: '/v1/employees/:id/lifecycle', status: 201, summary: 'Record a transfer, title or manager change, termination, rehire or a correction of the hire or termination date (dryRun: preview)' },
  handler: async (input, ctx) => {
    const current = ctx.state.people.employees.get(input.id);
    if (!current) throw notFound('The employee');
    const today = tenantToday(ctx.state, ctx.now);
    const date = 'effectiveDate' in input ? input.effectiveDate : today;
    const changes = await changesOf(ctx, current, input);
    const keep = 'keepFutureLeave' in input ? input.keepFutureLeave : false;
    const o = { type: input.type, effectiveDate: date, changes, reason: input.reason ?? null, keepFutureLeave: keep };
    if (input.dryRun) {
      const after = await afterChange(ctx, current, o, today);
      const effects = await employmentChanged(ctx, { employeeId: current.id, cause: causeOf('eev_dryrun', o), dryRun: true, after, keepFutureLeave: keep });
      return { employee: hrView(ctx.state, after.employee), scheduled: date > today, dryRun: true, ...leaveOf(effects) };
    }
    const { employee, effects } = await recordEmploymentChange(ctx, current, o);
    return { employee: hrView(ctx.state, employee), scheduled: date > today, dryRun: false, ...leaveOf(effects) };
  },
});

/** What the listeners answered, in the reply's shape. */
function leaveOf(effects: unknown[]) {
  const merged = Object.assign({ ledger: [], cancelledRequests: [], flaggedRequests: [] }, ...(effects as object[]));
  return merged as { ledger: z.infer<typeof impactSchema>; cancelledRequests: string[]; flaggedRequests: string[]; finalBalances?: { leaveTypeId: string; asOf: string; balance: number }[] };
}

/** The record and its history as they would stand after the change, for a dry run. */
async function afterChange(ctx: Ctx, current: EmployeeRow, o: { type: LifecycleType; effectiveDate: string; changes: EmploymentChanges; reason: string | null }, today: string) {
  const history = await historyOf(ctx.db, current.id);
  const seq = history.reduce((m, h) => Math.max(m, h.seq), 0) + 1;
  const state: EmployeeEventRow['state'] = o.effectiveDate > today ? 'scheduled' : 'applied';
  const event: RecordedEvent = { id: 'eev_dryrun', employeeId: current.id, type: o.type, effectiveDate: o.effectiveDate, changes: o.changes, reason: o.reason, state, recordedAt: ctx.now.toISOString(), recordedBy: actorOf(ctx), seq };
  const after = [...history, event];
  const employee = state === 'scheduled' ? current : (employeeAsOf(current, after, today) ?? { ...current, ...o.changes });
  return { employee, history: after };
}

async function changesOf(ctx: Ctx, current: EmployeeRow, input: z.output<typeof lifecycleInput>): Promise<EmploymentChanges> {
  switch (input.type) {
    case 'transfer': {
      if (input.departmentId === undefined && input.department === undefined && input.locationId === undefined) {
        throw new AppError(400, 'invalid_request', 'A transfer names a department or a location.', [{ field: 'departmentId', message: 'Give departmentId, department or locationId.' }]);
      }
      const { departmentId } = await resolveEmployment(ctx, current.id, input);
      return { ...(departmentId !== undefined ? { departmentId } : {}), ...(input.locationId !== undefined ? { locationId: input.locationId } : {}) };
    }
    case 'title_change':
      return { jobTitle: input.jobTitle };
    case 'manager_change':
      if (input.managerId) assertManagerAllowed(ctx.state, current.id, input.managerId);
      return { managerId: input.managerId };
    case 'employment_change':
      return { employmentType: input.employmentType };
    case 'hire_date_correction': {
      const periods = employmentPeriods(current, await historyOf(ctx.db, current.id));
      const latest = periods.at(-1);
      if (latest?.end && input.hireDate > latest.end) throw unprocessable('after_termination', 'The hire date cannot follow the last day.', 'hireDate');
      const earlier = periods.at(-2);
      if (earlier?.end && input.hireDate <= earlier.end) throw unprocessable('overlaps_earlier_employment', `The earlier employment ended on ${earlier.end}.`, 'hireDate');
      if (latest?.start === input.hireDate) throw unprocessable('unchanged', 'That is the hire date already.', 'hireDate');
      return { hireDate: input.hireDate };
    }
    case 'termination_date_correction': {
      const latest = employmentPeriods(current, await historyOf(ctx.db, current.id)).at(-1);
      if (!latest?.end) throw conflict('not_terminated', 'There is no termination to correct.');
      if (input.terminationDate < latest.start) throw unprocessable('before_hire', 'A termination cannot precede the hire.', 'terminationDate');
      if (latest.end === input.terminationDate) throw unprocessable('unchanged', 'That is the termination date already.', 'terminationDate');
      return { terminationDate: input.terminationDate };
    }
    case 'termination':
      if (current.status === 'terminated') throw conflict('already_terminated', 'This employee has already left.');
      if (input.effectiveDate < current.hireDate) throw unprocessable('before_hire', 'A termination cannot precede the hire.', 'effectiveDate');
      return { status: 'terminated', terminationDate: input.effectiveDate, terminationReason: input.reason };
    case 'rehire': {
      if (current.status !== 'terminated') throw conflict('not_terminated', 'Only someone who has left can be rehired.');
      if (current.terminationDate && input.effectiveDate <= current.terminationDate) throw unprocessable('before_termination', 'A rehire comes after the termination.', 'effectiveDate');
      const { departmentId } = await resolveEmployment(ctx, current.id, input);
      const optional = { ...(departmentId !== undefined ? { departmentId } : {}), ...(input.locationId !== undefined ? { locationId: input.locationId } : {}), ...(input.jobTitle !== undefined ? { jobTitle: input.jobTitle } : {}), ...(input.managerId !== undefined ? { managerId: input.managerId } : {}) };
      return { status: 'active', hireDate: input.effectiveDate, terminationDate: null, terminationReason: null, ...optional };
    }
  }
}

export const listLifecycle = tenantMessage.query({
  type: 'employees.history',
  access: everyone,
  input: z.strictObject({
    id,
    ...pageInput,
    type: z.enum(lifecycleTypes).optional(),
    state: z.enum(eventStates).optional(),
    sort: sortOf(['effectiveDate', 'recordedAt']).default('effectiveDate'),
  }),
  output: pageOf(eventSchema),
  route: { method: 'GET', path: '/v1/employees/:id/lifecycle', summary: "An employee's history of employment, scheduled changes included" },
  handler: async ({ id, limit, cursor, type, state: wanted, sort }, { state, principal, db }) => {
    const employee = state.people.employees.get(id);
    const viewer = viewerOf(state, principal);
    if (!seesEmployment(viewer, employee)) throw notFound('The employee');
    const visibility = visibilityOf(viewer, employee) === 'full' ? 'full' : 'employment';
    const rows = (await historyOf(db, id)).filter(
      (e) => (!type || e.type === type) && (!wanted || e.state === wanted),
    );
    // Same-day changes keep the order they were recorded in: the key carries both.
    const keyOf = (e: RecordedEvent, f: string) => (f === 'recordedAt' ? e.seq : chronologicalKey(e));
    const { page, nextCursor } = paginate(rows, { sort, limit, cursor, keyOf });
    return { items: page.map((e) => historyAt(eventView(e), visibility)), nextCursor };
  },
});

export const cancelLifecycleEvent = tenantMessage.command({
  type: 'employees.cancelLifecycle',
  access: peopleManagers,
  input: z.strictObject({ id, eventId: idOf('eev') }),
  route: { method: 'DELETE', path: '/v1/employees/:id/lifecycle/:eventId', summary: 'Withdraw a change that has not taken effect yet', empty: true },
  handler: async ({ id, eventId }, ctx) => {
    const [row] = await ctx.db.select().from(employeeEvents).where(and(eq(employeeEvents.id, eventId), eq(employeeEvents.employeeId, id)));
    if (!row) throw notFound('The lifecycle event');
    if (row.state !== 'scheduled') throw conflict('already_effective', 'Only a change that has not taken effect can be withdrawn.');
    await ctx.db.update(employeeEvents).set({ state: 'cancelled' }).where(eq(employeeEvents.id, eventId));
    // A withdrawn termination (or rehire) changes the employment periods already counted.
    await employmentChanged(ctx, { employeeId: id, cause: { id: eventId, reason: `Scheduled ${row.type} of ${row.effectiveDate} withdrawn` }, dryRun: false });
    await withdrawChecklists(ctx, row);
    ctx.audit({ entity: 'employee', id, before: eventView(row), after: { ...eventView(row), state: 'cancelled' } });
    return undefined;
  },
});

/** The scheduled changes whose day has come, found through the partial index of changes to come. */
export function scheduledChangesDue(db: Db, today: string) {
  return db.select().from(employeeEvents).where(and(inState('scheduled'), lte(employeeEvents.effectiveDate, today)));
}

/** The timer's message: applies every scheduled change whose day has come. */
export const applyDueLifecycle = tenantMessage.command({
  type: 'employees.applyDueEvents',
  access: 'system',
  input: z.strictObject({}),
  handler: async (_input, ctx) => {
    const today = tenantToday(ctx.state, ctx.now);
    const due = await scheduledChangesDue(ctx.db, today).all();
    let applied = 0;
    for (const event of due) {
      const current = ctx.state.people.employees.get(event.employeeId);
      await ctx.db.update(employeeEvents).set({ state: 'applied' }).where(eq(employeeEvents.id, event.id));
      if (!current) continue;
      try {
        await refold(ctx, current, {}, await foldedToday(ctx, current, today));
        applied++;
      } catch (e) {
        // The organisation moved on since it was recorded (a manager left, a cycle would form):
        // the change is voided, visibly in the history, instead of blocking the others.
        if (!(e instanceof AppError)) throw e;
        await ctx.db.update(employeeEvents).set({ state: 'void', reason: `${event.reason ?? ''} [void: ${e.code}]`.trim() }).where(eq(employeeEvents.id, event.id));
        await employmentChanged(ctx, { employeeId: event.employeeId, cause: { id: event.id, reason: `Scheduled ${event.type} of ${event.effectiveDate} could not apply` }, dryRun: false });
      }
    }
    return { applied };
  },
});
