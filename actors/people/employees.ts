import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { conflict, notFound, preconditionFailed, preconditionRequired, unprocessable } from '../core/errors';
import type { CommandCtx } from '../core/message';
import { everyone, peopleManagers } from '../core/principal';
import { email, idOf, isoDate, text } from '../core/text';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { employeeCreated, employeeUpdated } from './events';
import { paginate, sortParam } from './listing';
import { employees, employeeStatuses, type EmployeeRow } from './people.sql.ts';

type Ctx = CommandCtx<TenantState, TenantServices>;

export const employeeView = (e: EmployeeRow) => ({
  id: e.id,
  firstName: e.firstName,
  lastName: e.lastName,
  workEmail: e.workEmail,
  jobTitle: e.jobTitle,
  department: e.department,
  managerId: e.managerId,
  hireDate: e.hireDate,
  status: e.status,
  version: e.version,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});
export type EmployeeView = ReturnType<typeof employeeView>;

export const employeeEtag = (e: { version: number }) => `"v${e.version}"`;

const fields = {
  firstName: text(100),
  lastName: text(100),
  workEmail: email,
  jobTitle: text(120).nullable(),
  department: text(120).nullable(),
  managerId: idOf('emp').nullable(),
  hireDate: isoDate,
  status: z.enum(employeeStatuses),
};

export const createEmployee = tenantMessage.command({
  type: 'employees.create',
  access: peopleManagers,
  input: z.strictObject({
    ...fields,
    jobTitle: fields.jobTitle.optional(),
    department: fields.department.optional(),
    managerId: fields.managerId.optional(),
    status: fields.status.default('active'),
  }),
  route: { method: 'POST', path: '/v1/employees', status: 201, summary: 'Create an employee', etag: employeeEtag },
  handler: async (input, ctx) => {
    const { people } = ctx.state;
    assertEmailFree(ctx, input.workEmail);
    if (input.managerId) assertManagerExists(ctx, input.managerId);
    const at = ctx.now.toISOString();
    const employee: EmployeeRow = {
      id: ctx.ids.next('emp'),
      firstName: input.firstName,
      lastName: input.lastName,
      workEmail: input.workEmail,
      jobTitle: input.jobTitle ?? null,
      department: input.department ?? null,
      managerId: input.managerId ?? null,
      hireDate: input.hireDate,
      status: input.status,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    await ctx.db.insert(employees).values(employee);
    ctx.set(people.employees, employee.id, employee);
    ctx.set(people.employeeIdsByEmail, employee.workEmail, employee.id);
    ctx.audit({ entity: 'employee', id: employee.id, after: employeeView(employee) });
    ctx.emit(employeeCreated.create(employee.id, { employee: employeeView(employee) }, audienceOf(ctx.state, employee)));
    return employeeView(employee);
  },
});

export const getEmployee = tenantMessage.query({
  type: 'employees.get',
  access: everyone,
  input: z.strictObject({ id: idOf('emp') }),
  route: { method: 'GET', path: '/v1/employees/:id', summary: 'Read an employee', etag: employeeEtag },
  handler: ({ id }, { state }) => {
    const employee = state.people.employees.get(id);
    if (!employee) throw notFound('The employee');
    return employeeView(employee);
  },
});

export const updateEmployee = tenantMessage.command({
  type: 'employees.update',
  access: peopleManagers,
  input: z
    .strictObject({ id: idOf('emp'), ...fields })
    .partial()
    .required({ id: true }),
  route: {
    method: 'PATCH',
    path: '/v1/employees/:id',
    summary: 'Update an employee (If-Match required)',
    etag: employeeEtag,
    ifMatch: true,
  },
  handler: async ({ id, ...patch }, ctx) => {
    const { people } = ctx.state;
    const current = people.employees.get(id);
    if (!current) throw notFound('The employee');
    if (!ctx.meta.ifMatch) throw preconditionRequired();
    if (!etagMatches(ctx.meta.ifMatch, current)) throw preconditionFailed();
    if (patch.workEmail && patch.workEmail !== current.workEmail) assertEmailFree(ctx, patch.workEmail);
    if (patch.managerId) assertManagerAllowed(ctx, id, patch.managerId);
    const updated: EmployeeRow = {
      ...current,
      ...patch,
      version: current.version + 1,
      updatedAt: ctx.now.toISOString(),
    };
    await ctx.db
      .update(employees)
      .set({ ...patch, version: updated.version, updatedAt: updated.updatedAt })
      .where(eq(employees.id, id));
    ctx.set(people.employees, id, updated);
    if (updated.workEmail !== current.workEmail) {
      ctx.remove(people.employeeIdsByEmail, current.workEmail);
      ctx.set(people.employeeIdsByEmail, updated.workEmail, id);
    }
    ctx.audit({ entity: 'employee', id, before: employeeView(current), after: employeeView(updated) });
    const audience = [...new Set([...audienceOf(ctx.state, current), ...audienceOf(ctx.state, updated)])];
    ctx.emit(employeeUpdated.create(id, { employee: employeeView(updated), changed: Object.keys(patch) }, audience));
    return employeeView(updated);
  },
});

export const listEmployees = tenantMessage.query({
  type: 'employees.list',
  access: everyone,
  input: z.strictObject({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(1000).optional(),
    status: z.enum(employeeStatuses).optional(),
    department: text(120).optional(),
    sort: sortParam.default('lastName'),
  }),
  route: { method: 'GET', path: '/v1/employees', summary: 'List employees, filtered, sorted, a page at a time' },
  handler: ({ limit, cursor, status, department, sort }, { state }) => {
    const matching = [...state.people.employees.values()].filter(
      (e) => (!status || e.status === status) && (!department || e.department === department),
    );
    const { page, nextCursor } = paginate(matching, { sort, limit, cursor });
    return { items: page.map(employeeView), nextCursor };
  },
});

/**
 * Who besides HR hears of a change to an employee: the employee and their manager, by
 * employee id and by the id of the user signed in as them.
 */
function audienceOf(state: TenantState, e: EmployeeRow): string[] {
  const ids = [e.id];
  const userOf = (email: string) => state.identity.userIdsByEmail.get(email);
  const self = userOf(e.workEmail);
  if (self) ids.push(self);
  const manager = e.managerId ? state.people.employees.get(e.managerId) : undefined;
  if (manager) {
    ids.push(manager.id);
    const boss = userOf(manager.workEmail);
    if (boss) ids.push(boss);
  }
  return ids;
}

function etagMatches(ifMatch: string, current: EmployeeRow): boolean {
  if (ifMatch.trim() === '*') return true;
  const expected = employeeEtag(current);
  return ifMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === expected);
}

function assertEmailFree(ctx: Ctx, workEmail: string) {
  if (ctx.state.people.employeeIdsByEmail.has(workEmail)) {
    throw conflict('email_taken', 'Another employee of this company has this work email.', 'workEmail');
  }
}

function assertManagerExists(ctx: Ctx, managerId: string) {
  if (!ctx.state.people.employees.has(managerId)) {
    throw unprocessable('unknown_manager', 'The manager is not an employee of this company.', 'managerId');
  }
}

/** A manager must exist and must not report, directly or not, to the employee. */
function assertManagerAllowed(ctx: Ctx, employeeId: string, managerId: string) {
  assertManagerExists(ctx, managerId);
  const { employees: all } = ctx.state.people;
  for (let at: string | null = managerId, hops = 0; at; at = all.get(at)?.managerId ?? null, hops++) {
    if (at === employeeId || hops > all.size) {
      throw unprocessable('manager_cycle', 'This manager would make a reporting cycle.', 'managerId');
    }
  }
}
