import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, forbidden, notFound, unprocessable } from '../core/errors';
import type { CommandCtx } from '../core/message';
import { pageInput, paginate, sortOf } from '../core/pagination';
import { everyone, peopleManagers } from '../core/principal';
import { idOf, isoDate, text } from '../core/text';
import { assertIfMatch, contentEtag, versionEtag } from '../core/versioned';
import { departmentAndBelow } from '../organisation/departments';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { tenantToday } from '../tenant/today';
import { employeeCreated } from './events';
import { actorOf, audienceOf } from './audience';
import { employmentInput, profileFields, profileKeys } from './fields';
import { employeeAsOf, employmentOf, historyOf, type RecordedEvent } from './history';
import { recordEmployment } from './lifecycle';
import { employeesHired, hireCause, type Hire } from './periods';
import { employeeEvents, employees, employeeStatuses, employmentTypes, type EmployeeEventRow, type EmployeeRow } from './people.sql.ts';
import { assertEmailFree, assertExternalIdFree, resolveEmployment } from './rules';
import { employeeViewSchema, employmentView, fullViewSchema, hrView, viewAt, type EmployeeView } from './view';
import { tiersOf, viewerOf, visibilityOf } from './visibility';
import { customFilterInput, matchesCustom, customSortKey } from '../custom-fields/filter';
import { countedPageOf } from '../core/reply';
import { changeOwnDetails, changeRequestSchema, type SelfServiceField } from './change-requests';
import { insertRow } from '../core/prepared';

type Ctx = CommandCtx<TenantState, TenantServices>;

// Other contexts (attendance, time off) import these from here.
export { actorOf, audienceOf };

/** The record's version; a directory view carries none, so its ETag follows what it shows. */
const employeeEtag = (e: { version?: number | undefined }) => (e.version === undefined ? contentEtag(e) : versionEtag({ version: e.version }));

/** A hire names the person (names, work email) and the hire date; every other field may wait. */
export const newEmployeeInput = z.strictObject({
  ...z.object(profileFields).partial().required({ firstName: true, lastName: true, workEmail: true }).shape,
  ...z.object(employmentInput).partial().required({ hireDate: true }).shape,
  employmentType: employmentInput.employmentType.default('full_time'),
  status: employmentInput.status.default('active'),
});

export const createEmployee = tenantMessage.command({
  type: 'employees.create',
  access: peopleManagers,
  input: newEmployeeInput,
  output: fullViewSchema,
  route: {
    method: 'POST',
    path: '/v1/employees',
    status: 201,
    summary: 'Hire: create an employee',
    etag: employeeEtag,
    problems: {
      409: 'Another employee has this work email (`email_taken`) or external id (`external_id_taken`)',
      422: 'A department, location or manager that does not exist (`unknown_department`, `unknown_location`, `unknown_manager`), a department name that several carry (`ambiguous_department`), both `departmentId` and `department` (`conflicting_fields`), or an Idempotency-Key reused with another body (`idempotency_key_reused`)',
    },
  },
  handler: async (input, ctx) => hrView(ctx.state, await insertEmployee(ctx, input)),
});

export type NewEmployee = z.output<typeof newEmployeeInput>;

/**
 * Creates the record and its hire event; shared with the CSV import, whose `withRecord` adds
 * what belongs to the new record (custom values) before the hire is audited and announced,
 * and which tells the listeners (the leave ledger) of all its hires at once: with `hires`,
 * the hire is added there instead of heard now.
 */
export async function insertEmployee(ctx: Ctx, input: NewEmployee, withRecord?: (e: EmployeeRow) => Promise<unknown>, hires?: Hire[]): Promise<EmployeeRow> {
  const { people } = ctx.state;
  assertEmailFree(ctx.state, input.workEmail);
  if (input.externalId) assertExternalIdFree(ctx.state, input.externalId);
  const { departmentId } = await resolveEmployment(ctx, undefined, input);
  const at = ctx.now.toISOString();
  const employee: EmployeeRow = {
    id: ctx.ids.next('emp'),
    firstName: input.firstName,
    lastName: input.lastName,
    preferredName: input.preferredName ?? null,
    workEmail: input.workEmail,
    workPhone: input.workPhone ?? null,
    jobTitle: input.jobTitle ?? null,
    departmentId: departmentId ?? null,
    locationId: input.locationId ?? null,
    managerId: input.managerId ?? null,
    employmentType: input.employmentType,
    hireDate: input.hireDate,
    status: input.status,
    terminationDate: input.status === 'terminated' ? tenantToday(ctx.state, ctx.now) : null,
    terminationReason: null,
    externalId: input.externalId ?? null,
    birthDate: input.birthDate ?? null,
    address: input.address ?? null,
    emergencyContact: input.emergencyContact ?? null,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await insertRow(ctx.db, employees, employee);
  const hireEvent: EmployeeEventRow = {
    id: ctx.ids.next('eev'),
    employeeId: employee.id,
    type: 'hire',
    effectiveDate: employee.hireDate,
    changes: employmentOf(employee),
    reason: null,
    state: 'applied',
    recordedAt: at,
    recordedBy: actorOf(ctx),
  };
  await insertRow(ctx.db, employeeEvents, hireEvent);
  ctx.set(people.employees, employee.id, employee);
  ctx.set(people.employeeIdsByEmail, employee.workEmail, employee.id);
  if (employee.externalId) ctx.set(people.employeeIdsByExternalId, employee.externalId, employee.id);
  if (withRecord) await withRecord(employee);
  ctx.audit({ entity: 'employee', id: employee.id, after: hrView(ctx.state, employee) });
  ctx.emit(employeeCreated.create(employee.id, { employee: employmentView(ctx.state, employee) }, audienceOf(ctx.state, employee)));
  // The leave ledger follows the hire in this transaction: balances are right on the next read.
  const hire: Hire = { employeeId: employee.id, cause: hireCause(hireEvent.id, employee.hireDate) };
  if (hires) hires.push(hire);
  // Heard at once, nothing else written for the record: its history is this event (seq 0, its
  // only one: the order among the record's events is all seq gives).
  else await employeesHired(ctx, [{ ...hire, onlyEvent: { ...hireEvent, seq: 0 } }]);
  return employee;
}

export const getEmployee = tenantMessage.query({
  type: 'employees.get',
  access: everyone,
  input: z.strictObject({ id: idOf('emp'), asOf: isoDate.optional() }),
  output: employeeViewSchema,
  route: { method: 'GET', path: '/v1/employees/:id', summary: 'Read an employee (as of a date with asOf); fields by the reader’s role', etag: employeeEtag },
  // Not async: today's view is answered from memory, without a promise (see Actor.handle).
  handler: ({ id, asOf }, { state, principal, db }) => {
    const employee = state.people.employees.get(id);
    const visibility = employee ? visibilityOf(viewerOf(state, principal), employee) : 'none';
    if (!employee || visibility === 'none') throw notFound('The employee');
    const tiers = tiersOf(viewerOf(state, principal), employee);
    if (!asOf) return viewAt(state, employee, visibility, tiers);
    return historyOf(db, id).then((history) => ({ ...viewAt(state, employeeAsOfDate(employee, history, asOf), visibility, tiers), asOf }));
  },
});

function employeeAsOfDate(employee: EmployeeRow, history: RecordedEvent[], asOf: string): EmployeeRow {
  const then = employeeAsOf(employee, history, asOf);
  if (!then) throw unprocessable('not_yet_hired', `The employee was not hired yet on ${asOf}.`, 'asOf');
  return then;
}

/** The fields of the record an employee changes on their own record, by the self-service rule (the rest are HR's). */
const ownRecordFields = ['preferredName', 'address'] as const satisfies readonly SelfServiceField[];

export const updateEmployee = tenantMessage.command({
  type: 'employees.update',
  access: everyone,
  input: z
    .strictObject({ id: idOf('emp'), ...profileFields, ...employmentInput })
    .partial()
    .required({ id: true }),
  output: fullViewSchema.extend({
    requested: changeRequestSchema.nullable().optional().describe('On an employee’s own record: the change request that the fields the company has HR approve became (202)'),
  }).meta({ id: 'EmployeeRecordUpdate' }),
  route: {
    method: 'PATCH',
    path: '/v1/employees/:id',
    summary: 'Update an employee (If-Match); employment changes are recorded in the history as of today. An employee may change their own personal fields, by the self-service rule',
    etag: employeeEtag,
    ifMatch: true,
    statusOf: (reply) => (reply.requested ? 202 : 200),
    otherStatuses: { 202: 'Own record: some fields became a change request that HR decides (`requested`); the others applied' },
  },
  handler: async ({ id, ...patch }, ctx) => {
    const { people } = ctx.state;
    const viewer = viewerOf(ctx.state, ctx.principal);
    // Anyone but HR may change only their own record (the same 403 for any other, existing or not).
    if (!viewer.all) {
      if (viewer.self !== id) throw forbidden();
      return updateOwnRecord(ctx, people.employees.get(id), patch);
    }
    const current = people.employees.get(id);
    if (!current) throw notFound('The employee');
    assertIfMatch(ctx.meta.ifMatch, current);
    if (patch.workEmail) assertEmailFree(ctx.state, patch.workEmail, id);
    if (patch.externalId) assertExternalIdFree(ctx.state, patch.externalId, id);
    const { department: _byName, departmentId: _byId, ...rest } = patch;
    const resolved = await resolveEmployment(ctx, id, patch);
    const profile = pick(rest, profileKeys);
    const employment = { ...pick(rest, ['jobTitle', 'locationId', 'managerId', 'employmentType', 'status', 'hireDate']), ...resolved };
    if (employment.status === 'terminated' && current.status !== 'terminated') Object.assign(employment, { terminationDate: tenantToday(ctx.state, ctx.now) });
    if (employment.status && employment.status !== 'terminated' && current.status === 'terminated') Object.assign(employment, { terminationDate: null, terminationReason: null });
    return hrView(ctx.state, await recordEmployment(ctx, current, { type: 'update', effectiveDate: tenantToday(ctx.state, ctx.now), changes: employment, reason: null, profile }));
  },
});

/**
 * An employee's PATCH of their own record: only their personal fields, each applied at once
 * or turned into a change request as the company chose (the rule of `PATCH /v1/me/profile`);
 * any other field is refused whole, named, with nothing written. The reply is their own view.
 */
async function updateOwnRecord(ctx: Ctx, current: EmployeeRow | undefined, patch: Record<string, unknown>) {
  if (!current) throw notFound('Your employee record');
  const given = Object.keys(patch).filter((k) => patch[k] !== undefined);
  const refused = given.filter((k) => !(ownRecordFields as readonly string[]).includes(k));
  if (refused.length > 0) {
    const message = (k: string) => (k === 'emergencyContact' ? 'Only HR may change this field; set your emergency contacts with PATCH /v1/me/profile.' : 'Only HR may change this field.');
    throw new AppError(403, 'forbidden', 'You may change only your personal details on your own record.', refused.map((field) => ({ field, message: message(field) })));
  }
  assertIfMatch(ctx.meta.ifMatch, current);
  const { requested } = await changeOwnDetails(ctx, current, pick(patch, ownRecordFields));
  const now = ctx.state.people.employees.get(current.id)!;
  const viewer = viewerOf(ctx.state, ctx.principal);
  return { ...viewAt(ctx.state, now, 'full', tiersOf(viewer, now)), requested };
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

const listSort = sortOf(['lastName', 'firstName', 'hireDate', 'createdAt', 'workEmail']);

const listKeys = ['limit', 'cursor', 'status', 'department', 'departmentId', 'locationId', 'managerId', 'employmentType', 'q', 'sort'];

export const listEmployees = tenantMessage.query({
  type: 'employees.list',
  access: everyone,
  input: z.strictObject({
    ...pageInput,
    status: z.enum(employeeStatuses).optional(),
    /** A department name (exact), or departmentId (with its sub-departments). */
    department: text(120).optional(),
    departmentId: idOf('dep').optional(),
    locationId: idOf('loc').optional(),
    managerId: idOf('emp').optional(),
    employmentType: z.enum(employmentTypes).optional(),
    q: text(100).optional(),
    sort: z.union([listSort, customFilterInput.sort]).default('lastName'),
  }).catchall(customFilterInput.value).superRefine(customFilterInput.onlyCustomExtras(listKeys)),
  output: countedPageOf(employeeViewSchema),
  route: { method: 'GET', path: '/v1/employees', summary: 'List employees, filtered, sorted, a page at a time; fields by the reader’s role' },
  handler: ({ limit, cursor, sort, ...filters }, { state, principal }) => {
    const items = visibleEmployees(state, principal);
    const custom = Object.entries(filters).filter(([k]) => k.startsWith('custom.')).map(([k, v]) => [k, String(v).trim()] as [string, string]);
    const underDepartment = filters.departmentId ? departmentAndBelow(state, filters.departmentId) : undefined;
    const needle = filters.q?.toLowerCase();
    // Filters and sorting see what the reader sees: a field hidden from them matches no filter.
    const matching = items.filter(
      (v) =>
        (!filters.status || v.status === filters.status) &&
        (!filters.department || v.department === filters.department) &&
        (!underDepartment || (v.departmentId !== null && underDepartment.has(v.departmentId))) &&
        (!filters.locationId || v.locationId === filters.locationId) &&
        (!filters.managerId || v.managerId === filters.managerId) &&
        (!filters.employmentType || v.employmentType === filters.employmentType) &&
        (!needle || `${v.displayName} ${v.firstName} ${v.lastName} ${v.workEmail} ${v.jobTitle ?? ''}`.toLowerCase().includes(needle)) &&
        matchesCustom(v, custom),
    );
    const keyOf = (v: EmployeeView, f: string) => (f.startsWith('custom.') ? customSortKey(v, f) : (v[f as keyof EmployeeView] as string | undefined));
    const { page, nextCursor } = paginate(matching, { sort, limit, cursor, keyOf });
    return { items: page, nextCursor, total: matching.length };
  },
});

/** Every employee the principal may see, each in the view their role allows. */
export function visibleEmployees(state: TenantState, principal: Parameters<typeof viewerOf>[1]): EmployeeView[] {
  const viewer = viewerOf(state, principal);
  const out: EmployeeView[] = [];
  for (const e of state.people.employees.values()) {
    const visibility = visibilityOf(viewer, e);
    if (visibility !== 'none') out.push(viewAt(state, e, visibility, tiersOf(viewer, e)));
  }
  return out;
}
